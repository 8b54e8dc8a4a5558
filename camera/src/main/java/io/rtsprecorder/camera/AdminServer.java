package io.rtsprecorder.camera;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The mock camera's HTTP admin endpoint, so tests and smoke tests can inject faults while it runs:
 * <pre>
 * GET  /status                              mounts, clients, frames and packets sent, CPU time (JSON)
 * POST /faults/{mount}/drop                 close every connection on the mount
 * POST /faults/{mount}/silence?seconds=N    send no media for N seconds
 * POST /faults/{mount}/garbage?bytes=N      write N bytes of non-RTSP garbage into each connection
 * POST /faults/{mount}/refuse?enabled=B     answer 503 to DESCRIBE/SETUP/PLAY while enabled
 * POST /faults/{mount}/restart              drop everything and restart the clip with new SSRCs and timestamps
 * </pre>
 * {@code {mount}} is the mount path without its leading slash. Errors are JSON {@code {"error": "..."}} with
 * 400, 404 or 405.
 */
final class AdminServer implements AutoCloseable {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    static AdminServer start(MockCamera camera, InetAddress bind, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(camera, exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, error(e.getMessage()));
            }
        });
        server.start();
        return new AdminServer(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(MockCamera camera, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.equals("/status")) {
            if (!method.equals("GET")) {
                send(exchange, 405, error("use GET"));
                return;
            }
            send(exchange, 200, statusJson(camera));
            return;
        }
        if (!path.startsWith("/faults/")) {
            send(exchange, 404, error("unknown endpoint " + path + "; see /status and /faults/{mount}/{fault}"));
            return;
        }
        if (!method.equals("POST")) {
            send(exchange, 405, error("faults are injected with POST"));
            return;
        }
        String rest = path.substring("/faults/".length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            send(exchange, 404, error("expected /faults/{mount}/{drop|silence|garbage|refuse|restart}"));
            return;
        }
        String mount = "/" + rest.substring(0, slash);
        String fault = rest.substring(slash + 1);
        if (!camera.mountPaths().contains(mount)) {
            send(exchange, 404, error("no mount " + mount));
            return;
        }
        try {
            switch (fault) {
                case "drop" -> camera.dropConnections(mount);
                case "silence" -> camera.silence(mount, positive(query, "seconds", 3600));
                case "garbage" -> camera.sendGarbage(mount, (int) positive(query, "bytes", 1_000_000));
                case "refuse" -> camera.refuse(mount, Boolean.parseBoolean(query.getOrDefault("enabled", "true")));
                case "restart" -> camera.restart(mount);
                default -> {
                    send(exchange, 404, error("unknown fault " + fault + " (drop, silence, garbage, refuse, restart)"));
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        send(exchange, 200, "{\"mount\":" + quote(mount) + ",\"fault\":" + quote(fault) + ",\"applied\":true}");
    }

    private static long positive(Map<String, String> query, String name, long max) {
        String v = query.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        try {
            long n = Long.parseLong(v);
            if (n <= 0 || n > max) {
                throw new IllegalArgumentException(name + " must be between 1 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static String statusJson(MockCamera camera) {
        StringBuilder sb = new StringBuilder("{\"rtspPort\":").append(camera.port())
                .append(",\"connections\":").append(camera.connectionCount())
                .append(",\"processCpuSeconds\":").append(String.format(Locale.ROOT, "%.3f", MockCamera.processCpuSeconds()))
                .append(",\"mounts\":[");
        boolean first = true;
        for (MockCamera.MountStatus m : camera.status()) {
            sb.append(first ? "" : ",").append("{\"path\":").append(quote(m.path()))
                    .append(",\"source\":").append(quote(m.source()))
                    .append(",\"clients\":").append(m.clients())
                    .append(",\"framesSent\":").append(m.framesSent())
                    .append(",\"packetsSent\":").append(m.packetsSent())
                    .append(",\"loops\":").append(m.loops())
                    .append(",\"refusing\":").append(m.refusing())
                    .append(",\"silent\":").append(m.silent())
                    .append(",\"authenticated\":").append(m.authenticated())
                    .append(",\"wrongCredentials\":").append(m.wrongCredentials()).append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String error(String message) {
        return "{\"error\":" + quote(message == null ? "internal error" : message) + "}";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
