package io.githydrate.git.filter;

import java.io.IOException;

/** Input that breaks Git's filter protocol: the process cannot go on, since it no longer knows where it is. */
final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String message) {
    super(message);
  }
}
