package io.githydrate.e2e;

import io.githydrate.api.HydrationManager;
import io.githydrate.api.Report;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * A small application as the README shows one: at its start its databases are made ready, and at
 * its exit the shutdown hook exports them. Run in a JVM of its own by {@link ApplicationStartTest},
 * on the shaded jar: {@code NotesApp DIR NOTE} adds the note {@code NOTE} to {@code DIR/app.db}, and
 * prints what the start did, one line per database, then what it wrote (nothing else may reach stdout).
 */
public final class NotesApp {
  private NotesApp() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    HydrationManager databases = HydrationManager.forDirectory(directory);
    Report start = databases.hydrateIfNeeded();
    databases.dehydrateOnExit();
    start.databases().forEach((path, result) -> System.out.println("start " + path + ": " + result.outcome()));
    start.errors().forEach(error -> System.out.println("error: " + error));
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("app.db"));
         PreparedStatement insert = connection.prepareStatement("INSERT INTO notes(body) VALUES (?)")) {
      insert.setString(1, args[1]);
      insert.executeUpdate();
    }
    System.out.println("wrote " + args[1]);
  }
}
