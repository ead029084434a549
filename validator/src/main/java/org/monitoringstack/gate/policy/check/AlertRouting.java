package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An Alertmanager routing tree and its receivers, parsed from {@code alertmanager.yaml}, routing
 * an alert's labels as Alertmanager does: a route matches when all its matchers ({@code
 * matchers}, {@code match}, {@code match_re}; regular expressions anchored) match; children are
 * tried in order and the first that matches stops the search unless it has {@code continue:
 * true}; when no child matches, the route itself takes the alert; a route without {@code
 * receiver} inherits its parent's.
 */
final class AlertRouting {

  /** One label matcher. */
  record LabelMatcher(String name, String op, String value) {
    boolean matches(Map<String, String> labels) {
      String actual = labels.getOrDefault(name, "");
      return switch (op) {
        case "=" -> actual.equals(value);
        case "!=" -> !actual.equals(value);
        case "=~" -> regex(actual);
        case "!~" -> !regex(actual);
        default -> false;
      };
    }

    private boolean regex(String actual) {
      try {
        return Pattern.compile("^(?:" + value + ")$").matcher(actual).matches();
      } catch (PatternSyntaxException e) {
        return false;
      }
    }
  }

  /** One route, with its effective receiver and dotted path in the configuration. */
  record Route(String path, String receiver, List<LabelMatcher> matchers, boolean continues,
      List<Route> children) {

    boolean matches(Map<String, String> labels) {
      return matchers.stream().allMatch(m -> m.matches(labels));
    }
  }

  private final Route root;
  private final Map<String, Map<String, Object>> receivers;

  private AlertRouting(Route root, Map<String, Map<String, Object>> receivers) {
    this.root = root;
    this.receivers = receivers;
  }

  /** Parses a loaded configuration document. */
  static AlertRouting of(Object config) {
    Map<String, Object> doc = map(config);
    Map<String, Map<String, Object>> receivers = new LinkedHashMap<>();
    for (Map<String, Object> r : maps(doc.get("receivers"))) {
      receivers.put(str(r.get("name")), r);
    }
    return new AlertRouting(route(map(doc.get("route")), "route", ""), receivers);
  }

  private static Route route(Map<String, Object> body, String path, String inherited) {
    String receiver = str(body.get("receiver")).isEmpty() ? inherited : str(body.get("receiver"));
    List<LabelMatcher> matchers = new ArrayList<>();
    map(body.get("match")).forEach((k, v) -> matchers.add(new LabelMatcher(k, "=", str(v))));
    map(body.get("match_re")).forEach((k, v) -> matchers.add(new LabelMatcher(k, "=~", str(v))));
    for (Object m : list(body.get("matchers"))) {
      matchers.addAll(parseMatchers(str(m)));
    }
    List<Route> children = new ArrayList<>();
    List<Object> routes = list(body.get("routes"));
    for (int i = 0; i < routes.size(); i++) {
      children.add(route(map(routes.get(i)), path + ".routes." + i, receiver));
    }
    return new Route(path, receiver, matchers, isTrue(body.get("continue")), children);
  }

  private static final Pattern MATCHER = Pattern.compile(
      "\\s*([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\")\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,]*)"
          + "\\s*");

  static List<LabelMatcher> parseMatchers(String text) {
    String t = text.trim();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    List<LabelMatcher> out = new ArrayList<>();
    Matcher m = MATCHER.matcher(t);
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      out.add(new LabelMatcher(unquote(m.group(1)), m.group(2), unquote(m.group(3).trim())));
      at = m.end();
      if (at < t.length() && t.charAt(at) == ',') {
        at++;
      }
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return s;
  }

  Route root() {
    return root;
  }

  /** The routes that take an alert with these labels. */
  List<Route> route(Map<String, String> labels) {
    List<Route> out = match(root, labels);
    return out.isEmpty() ? List.of(root) : out;
  }

  private static List<Route> match(Route route, Map<String, String> labels) {
    if (!route.matches(labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : route.children()) {
      List<Route> matched = match(child, labels);
      all.addAll(matched);
      if (!matched.isEmpty() && !child.continues()) {
        break;
      }
    }
    return all.isEmpty() ? List.of(route) : all;
  }

  /** The integration types ({@code *_configs} with entries) of the named receivers, sorted. */
  Set<String> integrations(List<String> receiverNames) {
    Set<String> out = new TreeSet<>();
    for (String name : receiverNames) {
      map(receivers.get(name)).forEach((k, v) -> {
        if (k.endsWith("_configs") && !list(v).isEmpty()) {
          out.add(k);
        }
      });
    }
    return out;
  }
}
