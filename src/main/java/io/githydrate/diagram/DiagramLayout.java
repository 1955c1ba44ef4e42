package io.githydrate.diagram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.PortConstraints;
import org.eclipse.elk.core.options.PortSide;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkPort;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places the boxes and routes the foreign keys with the Eclipse Layout Kernel's layered algorithm:
 * references point right, from the referencing column's line on a box's right side to the referenced
 * column's line on the parent's left side, routed orthogonally. The graph is built in the boxes'
 * order with a fixed random seed, so the same boxes get the same places on every run. A table's
 * references to itself are drawn here, as loops on its right side in room its node is given for
 * them: ELK's handling of self-loops orders them by the objects' identity hash codes, which differ
 * from one JVM to the next (by how many were taken before), so its layout did too.
 */
final class DiagramLayout {
  /** A box's place, its top-left corner. */
  record Place(double x, double y, BoxGeometry box) {}

  /** One foreign key's route, as the points of a polyline from the child to the parent. */
  record Route(Entity from, Entity to, Entity.Reference reference, List<double[]> points) {}

  /** The whole diagram's places, routes and size (before the caption and legend are added). */
  record Result(List<Place> places, List<Route> routes, double width, double height) {}

  static {
    // ELK's options and the layered algorithm are known to it only once registered (inside Eclipse,
    // its plug-in registry does this); registering also teaches it to copy its option values.
    LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  /** Room on a box's right side for its loops to itself: a margin, and a lane per loop. */
  private static final double LOOP_MARGIN = 10;
  private static final double LOOP_LANE = 7;

  private DiagramLayout() {}

  static Result place(List<Entity> entities) {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    root.setProperty(CoreOptions.RANDOM_SEED, 1);
    root.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
    root.setProperty(CoreOptions.SPACING_EDGE_NODE, 14.0);
    root.setProperty(CoreOptions.SPACING_EDGE_EDGE, 8.0);
    root.setProperty(CoreOptions.SPACING_COMPONENT_COMPONENT, 40.0);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 56.0);
    root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
    root.setProperty(LayeredOptions.THOROUGHNESS, 10);
    root.setProperty(CoreOptions.PADDING, new ElkPadding(0));

    List<BoxGeometry> boxes = new ArrayList<>();
    List<ElkNode> nodes = new ArrayList<>();
    Map<String, Integer> byName = new HashMap<>();
    List<Double> loopRoom = new ArrayList<>();
    for (Entity entity : entities) {
      BoxGeometry box = BoxGeometry.of(entity);
      long loops = entity.foreignKeys().stream()
          .filter(r -> r.key().parent().equalsIgnoreCase(entity.name())).count();
      double room = loops == 0 ? 0 : LOOP_MARGIN + loops * LOOP_LANE;
      ElkNode node = ElkGraphUtil.createNode(root);
      node.setIdentifier("n" + nodes.size());
      node.setDimensions(box.width() + room, box.height());
      loopRoom.add(room);
      node.setProperty(CoreOptions.PORT_CONSTRAINTS, PortConstraints.FIXED_POS);
      byName.put(entity.name().toLowerCase(Locale.ROOT), nodes.size());
      boxes.add(box);
      nodes.add(node);
    }
    Map<String, ElkPort> ports = new HashMap<>();
    List<Route> routes = new ArrayList<>();
    List<ElkEdge> edges = new ArrayList<>();
    List<int[]> loops = new ArrayList<>(); // {route, box, from line, to line, lane}
    for (int i = 0; i < entities.size(); i++) {
      Entity child = entities.get(i);
      int lane = 0;
      for (Entity.Reference reference : child.foreignKeys()) {
        Integer j = byName.get(reference.key().parent().toLowerCase(Locale.ROOT));
        if (j == null) {
          continue; // a key to a table the schema lacks: listed in the docs, nothing to draw to
        }
        Entity parent = entities.get(j);
        int from = child.lineOf(reference.key().from().get(0));
        int to = parentLine(parent, reference);
        routes.add(new Route(child, parent, reference, List.of()));
        if (j == i) {
          loops.add(new int[] {routes.size() - 1, i, from, to, lane++});
          edges.add(null);
          continue;
        }
        ElkPort out = port(ports, nodes.get(i), boxes.get(i).width() + loopRoom.get(i), boxes.get(i), i, from,
            PortSide.EAST);
        ElkPort in = port(ports, nodes.get(j), 0, boxes.get(j), j, to, PortSide.WEST);
        edges.add(ElkGraphUtil.createSimpleEdge(out, in));
      }
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

    List<Place> places = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      places.add(new Place(nodes.get(i).getX(), nodes.get(i).getY(), boxes.get(i)));
    }
    List<Route> routed = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      List<double[]> points = new ArrayList<>();
      if (edges.get(i) != null) {
        points.addAll(points(edges.get(i)));
        Place start = places.get(byName.get(route.from().name().toLowerCase(Locale.ROOT)));
        if (!points.isEmpty() && points.get(0)[0] > start.x() + start.box().width()) {
          points.add(0, new double[] {start.x() + start.box().width(), points.get(0)[1]}); // across the loops' room
        }
      }
      routed.add(new Route(route.from(), route.to(), route.reference(), points));
    }
    for (int[] loop : loops) {
      Place place = places.get(loop[1]);
      double right = place.x() + place.box().width();
      double out = right + LOOP_MARGIN + loop[4] * LOOP_LANE;
      double from = place.y() + place.box().lineMiddle(loop[2]);
      double to = place.y() + place.box().lineMiddle(loop[3]);
      Route route = routed.get(loop[0]);
      routed.set(loop[0], new Route(route.from(), route.to(), route.reference(),
          List.of(new double[] {right, from}, new double[] {out, from}, new double[] {out, to}, new double[] {right, to})));
    }
    return new Result(places, routed, root.getWidth(), root.getHeight());
  }

  /** The line a reference points at: its first named column, else the parent's first key column. */
  private static int parentLine(Entity parent, Entity.Reference reference) {
    if (!reference.key().to().isEmpty()) {
      return parent.lineOf(reference.key().to().get(0));
    }
    for (int i = 0; i < parent.columns().size(); i++) {
      if (parent.columns().get(i).marks().startsWith("PK")) {
        return i;
      }
    }
    return -1;
  }

  private static ElkPort port(Map<String, ElkPort> ports, ElkNode node, double x, BoxGeometry box, int index,
      int line, PortSide side) {
    return ports.computeIfAbsent(index + "/" + line + "/" + side, key -> {
      ElkPort port = ElkGraphUtil.createPort(node);
      port.setDimensions(0, 0);
      port.setLocation(x, box.lineMiddle(line));
      port.setProperty(CoreOptions.PORT_SIDE, side);
      return port;
    });
  }

  private static List<double[]> points(ElkEdge edge) {
    List<double[]> points = new ArrayList<>();
    for (ElkEdgeSection section : edge.getSections()) {
      points.add(new double[] {section.getStartX(), section.getStartY()});
      for (ElkBendPoint bend : section.getBendPoints()) {
        points.add(new double[] {bend.getX(), bend.getY()});
      }
      points.add(new double[] {section.getEndX(), section.getEndY()});
    }
    return points;
  }
}
