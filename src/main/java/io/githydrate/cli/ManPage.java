package io.githydrate.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page {@code git-hydrate(1)} in troff ({@code man(7)} macros), written from the command
 * line's own model, so that it says what {@code --help} says and cannot drift from it. Git shows it
 * for {@code git hydrate --help} (it runs {@code man git-hydrate}). picocli's own generator writes
 * AsciiDoc, which needs Asciidoctor to become a manual page; the few macros here need nothing.
 */
final class ManPage {
  private final CommandLine commandLine;

  ManPage(CommandLine commandLine) {
    this.commandLine = commandLine;
  }

  /** Writes the page to {@code out}. */
  void write(PrintStream out) {
    CommandSpec top = commandLine.getCommandSpec();
    String version = top.version().length > 0 ? top.version()[0] : "git-hydrate";
    out.println(".TH GIT-HYDRATE 1 \"\" \"" + escape(version) + "\" \"git-hydrate manual\"");
    out.println(".SH NAME");
    out.println("git-hydrate \\- " + escape(top.usageMessage().description()[0]));
    out.println(".SH SYNOPSIS");
    out.println(".B git hydrate");
    out.println("[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]");
    out.println(".br");
    out.println(".B git hydrate help");
    out.println("[\\fICOMMAND\\fR]");
    out.println(".SH DESCRIPTION");
    paragraph(out, List.of(top.usageMessage().description()));
    out.println(".PP");
    out.println("Results go to stdout; messages and errors to stderr, one line each, starting \\(lqgit-hydrate:\\(rq."
        + " With \\fB\\-\\-json\\fR every command prints one JSON document on stdout, its errors in an"
        + " \\(lqerrors\\(rq list, with the same exit code.");
    out.println(".SH OPTIONS");
    out.println("Every command takes these.");
    options(out, top);
    out.println(".SH COMMANDS");
    for (Map.Entry<String, CommandLine> entry : commandLine.getSubcommands().entrySet()) {
      CommandSpec command = entry.getValue().getCommandSpec();
      if (command.usageMessage().hidden()) {
        continue;
      }
      out.println(".SS " + escape(entry.getKey()));
      out.println(".nf");
      String synopsis = new CommandLine.Help(command, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
          .synopsis(0).stripTrailing();
      for (String line : synopsis.split("\n")) {
        out.println(escape(line.replaceFirst("^git-hydrate ", "git hydrate ")));
      }
      out.println(".fi");
      out.println(".PP");
      paragraph(out, List.of(command.usageMessage().description()));
      for (PositionalParamSpec parameter : command.positionalParameters()) {
        if (!parameter.hidden()) {
          item(out, "\\fI" + escape(parameter.paramLabel()) + "\\fR", parameter.description());
        }
      }
      for (OptionSpec option : command.options()) {
        if (!option.hidden() && !option.inherited() && !isStandardHelp(option)) {
          item(out, names(option), option.description());
        }
      }
    }
    out.println(".SH EXIT CODES");
    for (Map.Entry<String, String> code : top.usageMessage().exitCodeList().entrySet()) {
      item(out, escape(code.getKey().strip()), new String[] {code.getValue()});
    }
    out.println(".SH FILES");
    item(out, "\\fI.hydrateconfig\\fR", new String[] {
        "Which files are databases and where archives live (Git config syntax, at the repository's root)."});
    item(out, "\\fI.git/git-hydrate/\\fR", new String[] {
        "Per clone: the sync state, backups of replaced databases, cached builds."});
    out.println(".SH SEE ALSO");
    out.println("\\fBgit\\fR(1), \\fBgitattributes\\fR(5), \\fBgithooks\\fR(5); the README of git-hydrate.");
  }

  private void options(PrintStream out, CommandSpec spec) {
    for (OptionSpec option : spec.options()) {
      if (!option.hidden()) {
        item(out, names(option), option.description());
      }
    }
  }

  private static boolean isStandardHelp(OptionSpec option) {
    return option.usageHelp() || option.versionHelp();
  }

  /** An option's names and its value's label: {@code -o, --output ARCHIVE}. */
  private static String names(OptionSpec option) {
    StringBuilder text = new StringBuilder();
    for (String name : option.names()) {
      text.append(text.length() == 0 ? "" : ", ").append("\\fB").append(escape(name)).append("\\fR");
    }
    if (option.arity().max() > 0) {
      text.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
    }
    return text.toString();
  }

  private static void item(PrintStream out, String term, String[] description) {
    out.println(".TP");
    out.println(term);
    paragraph(out, List.of(description));
  }

  /** Lines of a description as one filled paragraph; a line indented by two spaces (an example) kept as it is. */
  private static void paragraph(PrintStream out, List<String> descriptions) {
    boolean example = false;
    // As picocli's help shows a description: format specifiers %n and %% (none other is used).
    List<String> lines = descriptions.stream()
        .flatMap(d -> List.of(d.replace("%%", "%").split("%n", -1)).stream()).toList();
    for (String line : lines) {
      boolean indented = line.startsWith("  ");
      if (indented != example) {
        out.println(indented ? ".nf" : ".fi");
        example = indented;
      }
      out.println(escape(indented ? line : line.strip()));
    }
    if (example) {
      out.println(".fi");
    }
  }

  /** Text as troff reads it literally: backslashes doubled, hyphens as minus signs, no control line. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
  }
}
