package io.githydrate.dist;

import io.githydrate.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several command lines, separated by {@code ";"} arguments, in one JVM. The distribution build
 * (src/dist/build.sh) records the JDK's ahead-of-time class cache from a single run, and this lets
 * that run cover a hook, {@code status}, {@code dehydrate} and {@code hydrate}. Not a user command;
 * exits with the first non-zero exit code, after running every command line.
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) {
    Path workingDirectory = Path.of("").toAbsolutePath();
    int exit = 0;
    for (String[] commandLine : split(args)) {
      int code = Main.run(System.out, System.err, workingDirectory, commandLine);
      exit = exit == 0 ? code : exit;
    }
    System.exit(exit);
  }

  private static List<String[]> split(String[] args) {
    List<String[]> commandLines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || args[i].equals(";")) {
        commandLines.add(Arrays.copyOfRange(args, start, i));
        start = i + 1;
      }
    }
    return commandLines;
  }
}
