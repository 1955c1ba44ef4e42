package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.BackupPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Pruning by {@link BackupPolicy} over generated folders of backups: it never removes the newest
 * backup of a database nor one younger than {@code keepDays}, removes older ones before newer ones,
 * and what it keeps is within the limits unless the backups it always keeps are not.
 */
class BackupPolicyPropertyTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  @Provide
  Arbitrary<List<BackupFolder.Backup>> folders() {
    Arbitrary<BackupFolder.Backup> backup = Combinators.combine(
        Arbitraries.of("app.db", "data/app.db", "other.db", "x/y/z.sqlite"),
        Arbitraries.longs().between(0, Duration.ofDays(90).toSeconds()),
        Arbitraries.longs().between(0, 400L << 20),
        Arbitraries.of(BackupFolder.Reason.values()))
        .as((database, age, bytes, reason) -> {
          String name = database.replace('/', '_') + "." + age + ".bak";
          return new BackupFolder.Backup(name, Path.of(name), database, NOW.minusSeconds(age), reason, bytes);
        });
    return backup.list().ofMaxSize(40).uniqueElements(BackupFolder.Backup::name);
  }

  @Provide
  Arbitrary<BackupPolicy> policies() {
    return Combinators.combine(Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 20),
        Arbitraries.longs().between(0, 2L << 30)).as(BackupPolicy::new);
  }

  @Property(tries = 500)
  @Label("never removes the newest backup of a database, nor one younger than keep-days")
  void keepsTheOnlyCopiesOfRecentChanges(@ForAll("folders") List<BackupFolder.Backup> all,
      @ForAll("policies") BackupPolicy policy) {
    Set<BackupFolder.Backup> removed = new HashSet<>(policy.toRemove(all, NOW));
    Map<String, Optional<BackupFolder.Backup>> newest = all.stream().collect(Collectors.groupingBy(
        BackupFolder.Backup::database, Collectors.maxBy(BackupFolder.OLDEST_FIRST)));
    newest.values().forEach(backup -> assertFalse(removed.contains(backup.get()), () -> "removed newest " + backup));
    Instant youngest = NOW.minus(Duration.ofDays(policy.keepDays()));
    for (BackupFolder.Backup backup : all) {
      if (backup.made().isAfter(youngest)) {
        assertFalse(removed.contains(backup), () -> "removed one younger than keep-days: " + backup);
      }
    }
  }

  @Property(tries = 500)
  @Label("removes only backups it was given, older ones before newer ones")
  void removesOldestFirst(@ForAll("folders") List<BackupFolder.Backup> all, @ForAll("policies") BackupPolicy policy) {
    List<BackupFolder.Backup> removed = policy.toRemove(all, NOW);
    assertTrue(all.containsAll(removed));
    assertEquals(new HashSet<>(removed).size(), removed.size());
    Set<BackupFolder.Backup> always = policy.protectedOnes(all, NOW);
    Optional<BackupFolder.Backup> newestRemoved = removed.stream().max(BackupFolder.OLDEST_FIRST);
    for (BackupFolder.Backup kept : all) {
      if (!removed.contains(kept) && !always.contains(kept) && newestRemoved.isPresent()) {
        assertTrue(BackupFolder.OLDEST_FIRST.compare(kept, newestRemoved.get()) > 0,
            () -> "kept " + kept + " though the newer " + newestRemoved.get() + " was removed");
      }
    }
  }

  @Property(tries = 500)
  @Label("what is kept is within the limits, or only what is always kept")
  void keepsWithinTheLimits(@ForAll("folders") List<BackupFolder.Backup> all, @ForAll("policies") BackupPolicy policy) {
    List<BackupFolder.Backup> kept = new ArrayList<>(all);
    kept.removeAll(policy.toRemove(all, NOW));
    Set<BackupFolder.Backup> always = policy.protectedOnes(all, NOW);
    if (policy.exceeded(kept)) {
      assertEquals(always, new HashSet<>(kept), "over the limits while keeping more than it must");
    }
    // Pruning again removes nothing more: the result is stable.
    assertEquals(List.of(), policy.toRemove(kept, NOW));
  }
}
