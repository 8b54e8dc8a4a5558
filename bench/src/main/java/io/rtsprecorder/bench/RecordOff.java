package io.rtsprecorder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code /record/off}, camera after camera, while the others still record: how long each answer takes, and whether
 * the file the answer names as the camera's last is closed when it comes. Every such file is read through to its
 * end right after the answer; a sample is also decoded in full by the oracle.
 */
final class RecordOff {

    /** The answer times in milliseconds (sorted) and the files that were not clean when their answer came. */
    record Result(double[] millis, int checked, int decoded, int unclean) {

        /** The nearest-rank quantile: the smallest answer time that {@code q} of the answers do not exceed. */
        double quantile(double q) {
            return millis.length == 0 ? Double.NaN
                    : millis[Math.max(0, Math.min(millis.length, (int) Math.ceil(q * millis.length)) - 1)];
        }

        String summary() {
            return String.format(Locale.ROOT, "min %.0f ms, median %.0f ms, p95 %.0f ms, max %.0f ms (%d answers); "
                    + "%d of %d files unclean at the answer (%d decoded in full)", quantile(0), quantile(0.5),
                    quantile(0.95), quantile(1), millis.length, unclean, checked, decoded);
        }
    }

    private RecordOff() {
    }

    /** Switches {@code cam-0} to {@code cam-(n-1)} off, one after the other, on the recorder at {@code port}. */
    static Result switchOff(int port, Path savePath, int n, int decodeSample) throws Exception {
        double[] millis = new double[n];
        int stride = Math.max(1, n / decodeSample);
        int checked = 0;
        int decoded = 0;
        int unclean = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/record/off?device=cam-" + i)).POST(HttpRequest.BodyPublishers.noBody()).build();
            long t0 = System.nanoTime();
            HttpResponse<String> answer = LoadTool.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - t0) / 1e6;
            JsonNode status = LoadTool.JSON.readTree(answer.body());
            String last = status.path("lastFile").asText(null);
            if (answer.statusCode() != 200 || last == null || !status.path("currentFile").isNull()
                    && !status.path("currentFile").isMissingNode()) {
                unclean++;
                problems.add("cam-" + i + ": " + answer.statusCode() + " " + answer.body());
                continue;
            }
            Path file = savePath.resolve(last);
            checked++;
            String problem = readThrough(file);
            if (problem == null && i % stride == 0) {
                decoded++;
                List<String> errors = MediaOracle.get().decodeErrors(file);
                problem = errors.isEmpty() ? null : String.join("; ", errors);
            }
            if (problem != null) {
                unclean++;
                problems.add("cam-" + i + ": " + file + ": " + problem);
            }
        }
        problems.stream().limit(20).forEach(p -> System.err.println("record/off: " + p));
        Arrays.sort(millis);
        Result r = new Result(millis, checked, decoded, unclean);
        System.err.println("record/off at N=" + n + ": " + r.summary());
        return r;
    }

    /** Every frame of the file, or what stopped the reading. */
    private static String readThrough(Path file) {
        try (Mp4Demuxer d = Mp4Demuxer.open(file)) {
            long frames = 0;
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                frames++;
            }
            return frames > 0 ? null : "no frames";
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }
}
