package io.githydrate.cli;

import io.githydrate.archive.ArchiveFormat;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the tool's version and the archive format it writes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {
        "git-hydrate " + (version == null ? "(development build)" : version),
        "archive format " + ArchiveFormat.NAME + " version " + ArchiveFormat.VERSION
    };
  }
}
