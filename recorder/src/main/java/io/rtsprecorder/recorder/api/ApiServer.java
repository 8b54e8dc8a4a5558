package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.access.Role;
import io.rtsprecorder.recorder.device.DeviceException;
import io.rtsprecorder.recorder.secret.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContentFactory;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link RecorderApi} with Jetty 12 core on virtual threads: handlers may block (switching a camera off
 * waits for its file to close) without tying up a platform thread.
 *
 * <p>Cross-cutting rules live here: who may call what ({@link Authorizer}: viewer and operator tokens, the web UI's
 * session cookie), limits that keep slow or greedy clients from starving the others (request headers of at most
 * {@link #MAX_HEADER_BYTES}, bodies of at most {@link #MAX_BODY}, connections idle for {@link #IDLE_TIMEOUT_MILLIS}
 * closed; virtual threads, so a slow client holds no platform thread), and the mapping of every failure to a JSON
 * error with the right status — a client's mistake is never a 500.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final int MAX_BODY = 64 * 1024;
    /** Request attribute: the whole body was read (see {@link #respond}). */
    private static final String BODY_READ = "rtsp-recorder.body-read";
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final RecorderApi api;
    private final Router router;
    private final Authorizer auth;
    private final Server server;
    private final ServerConnector connector;
    private final ResourceHttpContentFactory files;
    private final ResourceService resources;

    public ApiServer(RecorderApi api, String host, int port, Authorizer auth, Path savePath) {
        this.api = api;
        this.router = api.router();
        this.auth = auth;
        VirtualThreadPool pool = new VirtualThreadPool();
        pool.setName("http");
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                send(request, response, callback, respond(request));
                return true;
            }
        });
        server.setStopTimeout(2000);
        ResourceHttpContentFactory files = new ResourceHttpContentFactory(ResourceFactory.of(server)
                .newResource(savePath), MimeTypes.DEFAULTS, new ByteBufferPool.Sized(server.getByteBufferPool()));
        this.files = files;
        this.resources = new ResourceService();
        resources.setHttpContentFactory(files);
        resources.setAcceptRanges(true);
        resources.setEtags(true);
        resources.setDirAllowed(false);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl(String hostForUrl) {
        return "http://" + hostForUrl + ":" + port();
    }

    /**
     * The answer to one request. A request refused before its body was read (no token, wrong role, unknown route)
     * is answered with {@code Connection: close}: the unread body is still on the connection, and a client that
     * reused it would read its next answer from a connection Jetty is closing.
     */
    private ApiResponse respond(Request request) {
        ApiResponse r = answer(request);
        boolean bodyLeft = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (bodyLeft && r.status() >= 400 && !(request.getAttribute(BODY_READ) instanceof Boolean)) {
            r = r.withHeader("Connection", "close");
        }
        return r;
    }

    private ApiResponse answer(Request request) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        try {
            Router.Match match = router.match(method, path);
            String address = Request.getRemoteAddr(request);
            Map<String, String> cookies = cookies(request);
            Role role = auth.authorize(match.route().access(), method,
                    request.getHeaders().get(HttpHeader.AUTHORIZATION), cookies,
                    request.getHeaders().get(Authorizer.CSRF_HEADER), address);
            ApiRequest req = new ApiRequest(method, path, query(request), match.pathParams(), body(request), address,
                    cookies, role, forwarded(request));
            return match.route().handler().handle(req);
        } catch (ApiException e) {
            ApiResponse r = error(e.status(), e.code(), e.getMessage());
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                r = r.withHeader(h.getKey(), h.getValue());
            }
            return r;
        } catch (DeviceException e) {
            ApiException a = RecorderApi.toApi(e);
            return error(a.status(), a.code(), a.getMessage());
        } catch (Router.MethodNotAllowed e) {
            return error(405, "method_not_allowed", e.getMessage())
                    .withHeader("Allow", String.join(", ", e.allowed));
        } catch (RuntimeException e) {
            log.error("{} {} failed", method, path, e);
            return error(500, "internal", "internal error: " + e.getClass().getSimpleName()
                    + " (details in the service log)");
        }
    }

    private static Map<String, String> cookies(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HttpCookie c : Request.getCookies(request)) {
            out.putIfAbsent(c.getName(), c.getValue());
        }
        return out;
    }

    private static Map<String, String> forwarded(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : ApiRequest.FORWARDED_HEADERS) {
            String v = request.getHeaders().get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private static Map<String, String> query(Request request) {
        Fields fields = Request.extractQueryParameters(request);
        Map<String, String> out = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValue());
        }
        return out;
    }

    private static byte[] body(Request request) {
        long length = request.getLength();
        if (length > MAX_BODY) {
            throw new ApiException(413, "body_too_large", "request body over " + MAX_BODY + " bytes");
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(413, "body_too_large", "request body over " + MAX_BODY + " bytes");
            }
            request.setAttribute(BODY_READ, Boolean.TRUE);
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    static ApiResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", code);
        body.put("message", SecretRedactor.scrub(message));
        ApiResponse r = RecorderApi.json(status, body);
        return status == 401 ? r.withHeader("WWW-Authenticate", "Bearer realm=\"rtsp-recorder\"") : r;
    }

    private void send(Request request, Response response, Callback callback, ApiResponse r) {
        r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (r.file() != null) {
            sendFile(request, response, callback, r.file());
            return;
        }
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        if (!r.headers().containsKey("Cache-Control")) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        if (r.stream() != null) {
            sendStream(request, response, callback, r);
            return;
        }
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    /** Jetty's resource service: single, suffix, open-ended and multiple ranges, If-Range, ETags, HEAD, 416. */
    private void sendFile(Request request, Response response, Callback callback, String relative) {
        try {
            HttpContent content = files.getContent("/" + relative);
            if (content == null) {
                send(request, response, callback, error(404, "not_found", "the file is gone: " + relative));
                return;
            }
            resources.doGet(ifRangeApplied(request, content), response, callback, content);
        } catch (Exception e) {
            log.error("serving {} failed", relative, e);
            send(request, response, callback, error(500, "internal", "cannot read the file (details in the log)"));
        }
    }

    /**
     * RFC 9110 If-Range: a Range is honoured only when the validator still matches the file (the client's partial
     * copy is of this version); otherwise the whole file is sent. The resource service does not check it itself.
     */
    private static Request ifRangeApplied(Request request, HttpContent content) {
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange == null || request.getHeaders().get(HttpHeader.RANGE) == null) {
            return request;
        }
        String v = ifRange.strip();
        boolean matches = v.startsWith("\"") || v.startsWith("W/") ? v.equals(content.getETagValue())
                : content.getLastModified() != null && v.equals(content.getLastModified().getValue());
        if (matches) {
            return request;
        }
        HttpFields withoutRange = HttpFields.build(request.getHeaders()).remove(HttpHeader.RANGE).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return withoutRange;
            }
        };
    }

    /** A body produced while sent; a failure midway can only cut the response short (headers are gone). */
    private static void sendStream(Request request, Response response, Callback callback, ApiResponse r) {
        if (r.length() >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.length());
        }
        if (HttpMethod.HEAD.is(request.getMethod())) {
            response.write(true, null, callback);
            return;
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            r.stream().writeTo(Channels.newChannel(out));
            out.close();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            log.warn("{} {}: response cut short: {}", request.getMethod(), Request.getPathInContext(request),
                    e.toString());
            callback.failed(e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        }
        api.close();
    }
}
