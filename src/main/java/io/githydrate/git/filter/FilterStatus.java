package io.githydrate.git.filter;

/** The statuses a filter answers a file with, by their wire names. */
enum FilterStatus {
  /** The content follows. */
  SUCCESS("success"),
  /** This file failed; the process goes on serving others. */
  ERROR("error"),
  /** The command cannot work at all: Git asks for it no more in this process. */
  ABORT("abort");

  private final String wireName;

  FilterStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The packet that says this status. */
  String packet() {
    return "status=" + wireName;
  }
}
