package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of a source tree uses which, read from the sources (imports and fully qualified names in code;
 * comments do not count), and the cycles among them. Packages are a module's map for the next reader: a cycle means
 * neither package can be understood, or changed, without the other.
 */
public final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final Map<String, Set<String>> uses;

    private PackageGraph(Map<String, Set<String>> uses) {
        this.uses = uses;
    }

    /**
     * Reads every {@code .java} file under {@code sourceRoot}; edges only between packages starting with {@code
     * prefix}.
     */
    public static PackageGraph of(Path sourceRoot, String prefix) {
        Map<String, Set<String>> uses = new TreeMap<>();
        Pattern reference = Pattern.compile("\\b(" + Pattern.quote(prefix) + "[\\w.]*?)\\.[A-Z]\\w*");
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                String from = pkg.group(1);
                Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                String code = codeOnly(text);
                Matcher m = reference.matcher(code.substring(pkg.end()));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uses.values().forEach(t -> t.retainAll(uses.keySet()));
        return new PackageGraph(uses);
    }

    /** The text with comments, string and character literals blanked out (a scan, not a regex: files are long). */
    static String codeOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                boolean block = c == '"' && text.startsWith("\"\"\"", i);
                i += block ? 3 : 1;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '\\') {
                        i += 2;
                    } else if (block ? text.startsWith("\"\"\"", i) : d == c) {
                        i += block ? 3 : 1;
                        break;
                    } else {
                        i++;
                    }
                }
                out.append("\"\"");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The packages read, each with the packages it uses. */
    public Map<String, Set<String>> uses() {
        return uses;
    }

    /**
     * Every cycle, as its strongly connected set of packages (Tarjan), each written as
     * {@code "a -> b -> a"} along one path through it; empty when there is none.
     */
    public List<String> cycles() {
        List<String> out = new ArrayList<>();
        for (Set<String> component : stronglyConnected()) {
            if (component.size() > 1) {
                out.add(path(component));
            }
        }
        return out;
    }

    private String path(Set<String> component) {
        String start = component.iterator().next();
        List<String> walk = new ArrayList<>(List.of(start));
        Set<String> seen = new TreeSet<>(List.of(start));
        String at = start;
        while (true) {
            String next = null;
            for (String t : uses.get(at)) {
                if (component.contains(t) && (t.equals(start) || !seen.contains(t))) {
                    next = t;
                    if (!t.equals(start)) {
                        break;
                    }
                }
            }
            if (next == null || next.equals(start) || walk.size() > component.size()) {
                walk.add(start);
                return String.join(" -> ", walk);
            }
            walk.add(next);
            seen.add(next);
            at = next;
        }
    }

    private List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> result, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : uses.get(v)) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            result.add(component);
        }
    }
}
