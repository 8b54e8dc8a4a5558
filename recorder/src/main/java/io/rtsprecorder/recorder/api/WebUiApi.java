package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.web.WebAssets;
import java.util.Map;

/**
 * Serves the web UI: the page at {@code /} and its files at {@code /ui/<version>/<file>}, open to everyone (they
 * hold no footage and no data; the API behind them keeps its roles). Files of another version are not found: a
 * page from before an upgrade reloads and gets the new ones.
 */
final class WebUiApi {

    private final WebAssets assets;

    WebUiApi(WebAssets assets) {
        this.assets = assets;
    }

    void addRoutes(Router r) {
        r.open("GET", "/", req -> send(assets.index(), WebAssets.REVALIDATE)
                .withHeader("Content-Security-Policy", WebAssets.CONTENT_SECURITY_POLICY)
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer"));
        r.open("GET", "/ui/{version}/{file}", req -> {
            if (!req.pathParam("version").equals(assets.version())) {
                throw new ApiException(404, "not_found", "the web UI has changed since this page was loaded; "
                        + "reload it");
            }
            WebAssets.Asset a = assets.file(req.pathParam("file")).orElseThrow(() -> new ApiException(404,
                    "not_found", "the web UI has no file " + req.pathParam("file")));
            return send(a, WebAssets.IMMUTABLE);
        });
    }

    private static ApiResponse send(WebAssets.Asset a, String cacheControl) {
        return new ApiResponse(200, a.contentType(), a.bytes(), Map.of("Cache-Control", cacheControl,
                "X-Content-Type-Options", "nosniff"));
    }
}
