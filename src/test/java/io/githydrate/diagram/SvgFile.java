package io.githydrate.diagram;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A diagram's SVG parsed with the JDK's XML parser, read back as the boxes, lines and arrows it draws. */
final class SvgFile {
  /** A drawn table or view: where its frame is, its classes, its column and index lines by name with their classes. */
  record Box(String name, Set<String> classes, double x, double y, double width, double height,
      Map<String, Set<String>> columns, Map<String, Set<String>> indexes) {
    boolean overlaps(Box other) {
      return x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height;
    }
  }

  /** A foreign-key arrow. */
  record Edge(String from, String to, String columns, Set<String> classes) {}

  final Document document;
  final double width;
  final double height;

  private SvgFile(Document document) {
    this.document = document;
    Element svg = document.getDocumentElement();
    this.width = Double.parseDouble(svg.getAttribute("width"));
    this.height = Double.parseDouble(svg.getAttribute("height"));
  }

  /** Parses {@code svg}; throws when it is not well-formed XML with an {@code svg} root. */
  static SvgFile parse(String svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      if (!"svg".equals(document.getDocumentElement().getLocalName())
          || !"http://www.w3.org/2000/svg".equals(document.getDocumentElement().getNamespaceURI())) {
        throw new AssertionError("root is not an SVG element: " + document.getDocumentElement().getTagName());
      }
      return new SvgFile(document);
    } catch (Exception e) {
      throw new AssertionError("not well-formed: " + e.getMessage(), e);
    }
  }

  /** The boxes by table (or view) name, in document order. */
  Map<String, Box> boxes() {
    Map<String, Box> boxes = new LinkedHashMap<>();
    for (Element g : elements("g")) {
      if (!g.hasAttribute("data-table")) {
        continue;
      }
      String[] translate = g.getAttribute("transform").replace("translate(", "").replace(")", "").split(",");
      Element frame = (Element) g.getElementsByTagNameNS("*", "rect").item(0);
      Map<String, Set<String>> columns = new LinkedHashMap<>();
      Map<String, Set<String>> indexes = new LinkedHashMap<>();
      NodeList lines = g.getElementsByTagNameNS("*", "g");
      for (int i = 0; i < lines.getLength(); i++) {
        Element line = (Element) lines.item(i);
        if (line.hasAttribute("data-column")) {
          columns.put(line.getAttribute("data-column"), classes(line));
        } else if (line.hasAttribute("data-index")) {
          indexes.put(line.getAttribute("data-index"), classes(line));
        }
      }
      boxes.put(g.getAttribute("data-table"), new Box(g.getAttribute("data-table"), classes(g),
          Double.parseDouble(translate[0]), Double.parseDouble(translate[1]),
          Double.parseDouble(frame.getAttribute("width")), Double.parseDouble(frame.getAttribute("height")),
          columns, indexes));
    }
    return boxes;
  }

  List<Edge> edges() {
    List<Edge> edges = new ArrayList<>();
    for (Element path : elements("path")) {
      if (path.hasAttribute("data-from")) {
        edges.add(new Edge(path.getAttribute("data-from"), path.getAttribute("data-to"),
            path.getAttribute("data-columns"), classes(path)));
      }
    }
    return edges;
  }

  /** The caption's lines. */
  List<String> caption() {
    List<String> lines = new ArrayList<>();
    for (Element g : elements("g")) {
      if (g.getAttribute("class").equals("caption")) {
        NodeList texts = g.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
          lines.add(texts.item(i).getTextContent());
        }
      }
    }
    return lines;
  }

  private List<Element> elements(String name) {
    NodeList nodes = document.getElementsByTagNameNS("*", name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  private static Set<String> classes(Element element) {
    return Set.of(element.getAttribute("class").trim().split("\\s+"));
  }
}
