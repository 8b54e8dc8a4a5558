package io.rtsprecorder.recorder.api;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: status, content type, extra headers and one of three bodies — bytes in memory, a file
 * under the save path served with HTTP ranges ({@code file}, relative), or a body written as it is produced
 * ({@code stream}, with its length when known, else -1).
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers, String file,
                          StreamBody stream, long length) {

    /** A body produced while it is sent (an export). */
    @FunctionalInterface
    public interface StreamBody {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null, body.length);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A segment file, {@code relative} to the save path; ranges, HEAD and conditional requests apply. */
    public static ApiResponse file(String relative) {
        return new ApiResponse(200, null, new byte[0], Map.of(), relative, null, -1);
    }

    public static ApiResponse stream(String contentType, long length, StreamBody body) {
        return new ApiResponse(200, contentType, new byte[0], Map.of(), null, body, length);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(h), file, stream, length);
    }
}
