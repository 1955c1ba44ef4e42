package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.merge.ReadableArchive;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "textconv", hidden = true, description = {
    "Print an archive as one line per row (diff.hydrate.textconv), so that",
    "git log -p and git show show rows: t 42: id=42, name='x', price=0.99.",
    "FILE is an archive or a database; anything else is printed as it is."})
final class TextconvCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "FILE", description = "The file Git gives (a blob's copy, or the work-tree file).")
  Path file;

  @Override
  public Integer call() throws IOException {
    Path given = top.path(file);
    String label = top.workspace().labelOf(given).orElse(file.toString());
    Path text = AtomicFiles.tempFile("git-hydrate-textconv-", ".txt");
    // Shown as the archive holds it: redacted values as placeholders, never in the clear.
    DatabaseSettings settings = DatabaseSettings.read(top.workspace().root());
    try (ArchiveInputs inputs = new ArchiveInputs(new Dehydrator((int) (top.lockTimeoutSeconds * 1000), Progress.NONE,
        settings::rulesFor))) {
      Path archive = inputs.archiveOf(given, label);
      if (archive != null) {
        // Rendered aside first: a problem found halfway must not leave half a rendering before the raw text.
        try (InputStream in = Files.newInputStream(archive);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(text), 1 << 16)) {
          ReadableArchive.write(in, label, out);
        }
        Files.copy(text, top.out());
      }
    } catch (HydrateException e) {
      // Git stops the whole command when a textconv fails: show the file as it is, and say why.
      top.err().println("git-hydrate: " + Messages.printable(label) + ": shown as it is: "
          + Messages.printable(e.getMessage()));
      Files.copy(given, top.out());
    } finally {
      AtomicFiles.deleteQuietly(text);
    }
    top.out().flush();
    return ExitCodes.OK;
  }
}
