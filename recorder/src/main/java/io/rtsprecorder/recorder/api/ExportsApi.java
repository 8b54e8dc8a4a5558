package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.storage.ExportException;
import io.rtsprecorder.recorder.storage.ExportJobs;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Exports made in the background, with progress ({@link ExportJobs}): {@code POST /api/v1/exports} starts one and
 * answers 202 at once, {@code GET /api/v1/exports/{id}} tells its state, bytes and media time, {@code GET
 * .../file} downloads it when done, {@code DELETE} cancels or removes it. Exports are the viewer's: whoever may
 * watch may take footage out (the synchronous {@code GET /api/v1/export} stays for scripts).
 */
final class ExportsApi {

    private static final Set<String> FIELDS = Set.of("device", "from", "to", "format");

    private final ExportJobs jobs;

    ExportsApi(ExportJobs jobs) {
        this.jobs = jobs;
    }

    void addRoutes(Router r) {
        r.viewer("POST", "/api/v1/exports", this::submit);
        r.viewer("GET", "/api/v1/exports/{id}", req -> RecorderApi.json(200, describe(job(req))));
        r.viewer("DELETE", "/api/v1/exports/{id}", this::cancel);
        r.viewer("GET", "/api/v1/exports/{id}/file", this::file);
    }

    private ApiResponse submit(ApiRequest req) {
        JsonNode n = JsonBodies.object(req.body(), FIELDS);
        String device = JsonBodies.requiredString(n, "device");
        Instant from = time(JsonBodies.requiredString(n, "from"), "from");
        Instant to = time(JsonBodies.requiredString(n, "to"), "to");
        String format = JsonBodies.optionalString(n, "format");
        try {
            ExportJobs.Snapshot s = jobs.submit(device, from, to, format == null || format.isBlank() ? null
                    : format);
            return RecorderApi.json(202, describe(s)).withHeader("Location", url(s));
        } catch (ExportException e) {
            throw RecordingsApi.toApi(e);
        } catch (ExportJobs.Busy e) {
            throw new ApiException(429, "too_many_requests", e.getMessage(), Map.of("Retry-After", "60"));
        }
    }

    private ExportJobs.Snapshot job(ApiRequest req) {
        String id = req.pathParam("id");
        return jobs.get(id).orElseThrow(() -> new ApiException(404, "not_found", "no export '" + id
                + "' (finished exports are kept for a while, then removed)"));
    }

    private ApiResponse cancel(ApiRequest req) {
        ExportJobs.Snapshot s = job(req);
        jobs.cancel(s.id());
        return RecorderApi.json(200, Map.of("id", s.id(), "removed", true));
    }

    private ApiResponse file(ApiRequest req) {
        ExportJobs.Snapshot s = job(req);
        String file = jobs.file(s.id()).orElseThrow(() -> new ApiException(409, "conflict", "export " + s.id()
                + " is " + s.state().label() + (s.error() == null ? "" : ": " + s.error())));
        return ApiResponse.file(file).withHeader("Content-Disposition", "attachment; filename=\"" + s.fileName()
                + "\"");
    }

    private static String url(ExportJobs.Snapshot s) {
        return "/api/v1/exports/" + s.id();
    }

    private static Map<String, Object> describe(ExportJobs.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("device", s.device());
        m.put("from", s.from());
        m.put("to", s.to());
        m.put("format", s.format());
        m.put("state", s.state().label());
        m.put("bytes", s.bytes());
        m.put("totalBytes", s.totalBytes());
        m.put("mediaSeconds", s.mediaSeconds());
        m.put("totalSeconds", s.totalSeconds());
        m.put("error", s.error());
        m.put("fileName", s.fileName());
        m.put("createdAt", s.createdAt());
        m.put("finishedAt", s.finishedAt());
        m.put("expiresAt", s.expiresAt());
        m.put("url", url(s));
        m.put("fileUrl", s.state() == ExportJobs.State.DONE ? url(s) + "/file" : null);
        return m;
    }

    private static Instant time(String v, String name) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " '" + v + "' is not an ISO-8601 UTC time such as "
                    + "2026-11-25T10:00:00Z");
        }
    }
}
