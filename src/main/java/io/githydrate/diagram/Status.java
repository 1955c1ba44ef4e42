package io.githydrate.diagram;

/** How a drawn table, column or index differs from the version it is compared with. */
public enum Status {
  SAME(""),
  ADDED("added"),
  CHANGED("changed"),
  REMOVED("removed");

  private final String cssClass;

  Status(String cssClass) {
    this.cssClass = cssClass;
  }

  /** The class the SVG gives the element; empty when unchanged. */
  public String cssClass() {
    return cssClass;
  }
}
