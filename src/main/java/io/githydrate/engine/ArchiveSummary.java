package io.githydrate.engine;

/**
 * What one archive holds, or what one database was built from.
 *
 * @param tables tables (including virtual tables) in the schema
 * @param rows rows archived, over all tables
 */
public record ArchiveSummary(int tables, long rows) {}
