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
 * GET  /status                              mounts, clients, frames and packets sent, stall and timestamp
 *                                           offset, CPU time (JSON)
 * POST /faults/{mount}/drop                 close every connection on the mount
 * POST /faults/{mount}/silence?seconds=N    send no media for N seconds
 * POST /faults/{mount}/garbage?bytes=N      write N bytes of non-RTSP garbage into each connection
 * POST /faults/{mount}/refuse?enabled=B     answer 503 to DESCRIBE/SETUP/PLAY while enabled
 * POST /faults/{mount}/restart              drop everything and restart the clip with new SSRCs and timestamps
 * POST /faults/{mount}/bye                  RTCP BYE to every playing client, then nothing more; sessions stay
 * POST /faults/{mount}/rtp-stall?seconds=N  no RTP for N seconds, RTCP sender reports every second
 * POST /faults/{mount}/ts-step?millis=-N    RTP timestamps step back by N ms from the next frame on
 * POST /faults/{mount}/ts-jump?seconds=N    RTP timestamps jump forward by N seconds from the next frame on
 * </pre>
 * {@code {mount}} is the mount path without its leading slash. Arguments are checked by {@link FaultKind}, as on
 * the command line. Errors are JSON {@code {"error": "..."}} with 400, 404 or 405.
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
            send(exchange, 404, error("expected /faults/{mount}/{fault}, faults: " + FaultKind.allIds()));
            return;
        }
        String mount = "/" + rest.substring(0, slash);
        String fault = rest.substring(slash + 1);
        if (!camera.mountPaths().contains(mount)) {
            send(exchange, 404, error("no mount " + mount));
            return;
        }
        FaultKind kind = FaultKind.forId(fault).orElse(null);
        if (kind == null) {
            send(exchange, 404, error("unknown fault " + fault + " (" + FaultKind.allIds() + ")"));
            return;
        }
        try {
            if (kind == FaultKind.REFUSE) {
                camera.refuse(mount, Boolean.parseBoolean(query.getOrDefault(kind.queryParameter(), "true")));
            } else {
                kind.apply(camera, mount, kind.takesArgument() ? argument(kind, query) : 0);
            }
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        send(exchange, 200, "{\"mount\":" + quote(mount) + ",\"fault\":" + quote(kind.id()) + ",\"applied\":true}");
    }

    private static long argument(FaultKind kind, Map<String, String> query) {
        String v = query.get(kind.queryParameter());
        if (v == null) {
            throw new IllegalArgumentException(kind.id() + " needs the query parameter " + kind.queryParameter());
        }
        return kind.parseArgument(v);
    }

    private static String statusJson(MockCamera camera) {
        StringBuilder sb = new StringBuilder("{\"rtspPort\":").append(camera.port())
                .append(",\"connections\":").append(camera.connectionCount())
                .append(",\"processCpuSeconds\":")
                        .append(String.format(Locale.ROOT, "%.3f", MockCamera.processCpuSeconds()))
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
                    .append(",\"rtpStalled\":").append(m.rtpStalled())
                    .append(",\"timestampOffsetMillis\":").append(m.timestampOffsetMillis())
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
