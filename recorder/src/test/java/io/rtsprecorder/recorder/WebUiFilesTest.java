package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.recorder.config.ConfigLoader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's files as the service serves them: open to anyone (the API behind them is not), with their content
 * types, cached for good under a versioned path while the page itself is revalidated, nothing but the UI's own
 * files (no listing, no other version, no path of the request's choosing).
 */
class WebUiFilesTest {

    @TempDir
    Path dir;

    @Test
    void thePageAndItsFilesAreServedOpenlyWithTypesAndCacheRules() throws Exception {
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.API_TOKEN, "web-token"))) {
            RecorderHarness anonymous = RecorderHarness.withoutToken(recorder);
            HttpResponse<String> page = anonymous.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("default-src 'self'").contains("frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.body()).doesNotContain("{{version}}").doesNotContain("http://").doesNotContain("https://");

            Matcher m = Pattern.compile("ui/([0-9a-f]{12})/app\\.js").matcher(page.body());
            assertThat(m.find()).as(page.body()).isTrue();
            String version = m.group(1);
            Map<String, String> types = Map.of("app.js", "text/javascript; charset=utf-8", "timeline.js",
                    "text/javascript; charset=utf-8", "style.css", "text/css; charset=utf-8", "hls.min.js",
                    "text/javascript; charset=utf-8");
            for (Map.Entry<String, String> e : types.entrySet()) {
                HttpResponse<String> f = anonymous.get("/ui/" + version + "/" + e.getKey());
                assertThat(f.statusCode()).as(e.getKey()).isEqualTo(200);
                assertThat(f.headers().firstValue("Content-Type")).as(e.getKey()).hasValue(e.getValue());
                assertThat(f.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
                assertThat(f.body()).isNotEmpty();
            }
            assertThat(anonymous.get("/ui/" + version + "/hls.min.js").body()).contains("Hls");

            assertThat(anonymous.get("/ui/000000000000/app.js").statusCode()).isEqualTo(404);
            assertThat(anonymous.get("/ui/" + version + "/").statusCode()).isEqualTo(404);
            assertThat(anonymous.get("/ui/" + version + "/index.html").statusCode()).isEqualTo(404);
            assertThat(anonymous.get("/ui/" + version + "/..%2Fapi.js").statusCode()).isIn(400, 404);
            assertThat(anonymous.get("/ui/").statusCode()).isEqualTo(404);
            assertThat(anonymous.get("/ui/" + version).statusCode()).isEqualTo(404);
            // the API behind the page stays closed
            assertThat(anonymous.get("/api/v1/devices").statusCode()).isEqualTo(401);
            HttpResponse<String> cookie = anonymous.get("/api/v1/session/cookie");
            assertThat(cookie.statusCode()).isEqualTo(200);
            assertThat(RecorderHarness.json(cookie).path("loggedIn").asBoolean()).isFalse();
        }
    }
}
