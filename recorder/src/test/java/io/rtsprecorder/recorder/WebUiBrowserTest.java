package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PeerEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The web UI in a real headless Chromium (Debian's {@code chromium}, driven through {@code chromium-driver}),
 * against a recorder that records the mock camera: the page loads with no console error, logging in works and a
 * wrong token says so, record off and on from the page leaves a gap the timeline shows with its reason, the live
 * player plays, a recording plays from a chosen moment and seeks, and a range selected on the timeline downloads as
 * an MP4 that decodes cleanly. Screenshots go to {@code target/screenshots/} for people to look at.
 *
 * <p>The tests run in order on one browser and one recorder, each building on the state the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private static final String OPERATOR = "browser-operator-token";
    private static final String VIEWER = "browser-viewer-token";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;
    private static MockCamera camera;
    private static RecorderHarness recorder;
    private static ChromeDriver browser;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        PeerEnvironment.requireChromium();
        camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts()).withPorts(0, -1));
        recorder = RecorderHarness.start(dir.resolve("data"), Map.of(
                ConfigLoader.SERVER_ADDRESS, camera.url("/h264"),
                ConfigLoader.DEVICE_NAME, "gate",
                ConfigLoader.SEGMENT_DURATION, "5s",
                ConfigLoader.API_TOKEN, OPERATOR,
                ConfigLoader.VIEWER_TOKEN, VIEWER)).withToken(OPERATOR);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(PeerEnvironment.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1100", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + dir.resolve("chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(PeerEnvironment.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static double number(String script, Object... args) {
        Object v = js(script, args);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; fails with {@code what} otherwise. */
    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                // an element not there yet: try again
            }
            if (System.nanoTime() > deadline) {
                screenshot("failed-" + what.replaceAll("[^a-z0-9]+", "-"));
                throw new AssertionError("within " + timeout.toSeconds() + " s: " + what + "\nconsole: "
                        + browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                        .toList() + "\npage: " + js("return document.querySelector('main').innerText") + "\nfields: "
                        + js("return [...document.querySelectorAll('input, progress, a')].map(e => e.id + '='"
                        + " + (e.value === undefined ? e.href : e.value) + (e.hidden ? ' hidden' : '')).join(', ')"));
            }
            Thread.sleep(100);
        }
    }

    private static void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve("web-ui-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.out.println("no screenshot " + name + ": " + e);
        }
    }

    /** The browser's console entries of level SEVERE since the last call. */
    private static List<String> severeConsoleEntries() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Clicks the timeline canvas at wall-clock {@code at}, holding shift when {@code shift}. */
    private static void clickTimelineAt(Instant at) {
        WebElement canvas = id("timeline");
        new Actions(browser).moveToElement(canvas, timelineOffset(canvas, at), 0).click().perform();
    }

    /** Horizontal offset from the canvas's centre (how Selenium places the pointer) of wall-clock {@code at}. */
    private static int timelineOffset(WebElement canvas, Instant at) {
        double from = Double.parseDouble(canvas.getDomAttribute("data-from"));
        double to = Double.parseDouble(canvas.getDomAttribute("data-to"));
        int width = canvas.getRect().getWidth();
        return (int) Math.round((at.toEpochMilli() - from) / (to - from) * width - width / 2.0);
    }

    private static Instant recordingStart() {
        JsonNode list = RecorderHarness.json(recorder.get("/api/v1/recordings?device=gate&order=oldest&limit=1"));
        return Instant.parse(list.path("segments").get(0).path("start").asText());
    }

    // --- the tests ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void thePageLoadsWithoutConsoleErrorsAndAWrongTokenSaysSo() throws Exception {
        browser.get(recorder.baseUrl + "/");
        await("page ready", WAIT, () -> "true".equals(js("return document.body.dataset.ready")));
        assertThat(id("login-view").isDisplayed()).isTrue();
        assertThat(severeConsoleEntries()).as("console errors on load").isEmpty();
        screenshot("login");

        id("token").sendKeys("not-a-token");
        id("login-button").click();
        await("the wrong token is refused", WAIT, () -> id("login-error").getText().contains("not valid"));
        assertThat(id("login-view").isDisplayed()).isTrue();
        // the refused login is the one error the browser logs (a 401 answer), and nothing else
        assertThat(severeConsoleEntries()).allMatch(m -> m.contains("/api/v1/session") && m.contains("401"));
    }

    @Test
    @Order(2)
    void anOperatorLogsInAndSeesTheCameraRecording() throws Exception {
        id("token").clear();
        id("token").sendKeys(OPERATOR);
        id("login-button").click();
        await("the camera list", WAIT, () -> id("cameras-view").isDisplayed());
        assertThat(id("who").getText()).startsWith("operator");
        await("gate recording in the list", WAIT, () -> "RECORDING".equals(browser.findElement(
                By.cssSelector("article[data-camera='gate']")).getDomAttribute("data-state")));
        WebElement card = browser.findElement(By.cssSelector("article[data-camera='gate']"));
        assertThat(card.findElement(By.cssSelector(".record-toggle")).isDisplayed()).isTrue();
        assertThat(card.getText()).contains("last frame");
        await("the muted live preview plays", WAIT, () -> number("return document.querySelector("
                + "\"article[data-camera='gate'] video\").currentTime") > 1);
        assertThat(js("return document.querySelector(\"article[data-camera='gate'] video\").muted")).isEqualTo(true);
        screenshot("cameras");
    }

    @Test
    @Order(3)
    void recordOffAndOnFromThePageLeavesAGapTheTimelineShowsWithItsReason() throws Exception {
        // footage first, so the gap has something on both sides
        recorder.awaitDevice("gate", d -> d.path("segments").asLong() >= 2, WAIT);
        WebElement toggle = browser.findElement(By.cssSelector("article[data-camera='gate'] .record-toggle"));
        assertThat(toggle.getText()).isEqualTo("Record off");
        toggle.click();
        recorder.awaitDevice("gate", d -> !d.path("recording").asBoolean() && d.path("state").asText()
                .equals("IDLE"), WAIT);
        await("the toggle offers record on", WAIT, () -> browser.findElement(By.cssSelector(
                "article[data-camera='gate'] .record-toggle")).getText().equals("Record on"));
        Thread.sleep(4000); // a gap of a few seconds
        browser.findElement(By.cssSelector("article[data-camera='gate'] .record-toggle")).click();
        recorder.awaitDevice("gate", d -> d.path("recording").asBoolean() && d.path("state").asText()
                .equals("RECORDING"), WAIT);
        recorder.awaitDevice("gate", d -> d.path("segments").asLong() >= 1 && !d.path("currentFile").isNull(), WAIT);

        browser.findElement(By.cssSelector("article[data-camera='gate'] a")).click();
        await("the camera page", WAIT, () -> id("camera-view").isDisplayed());
        id("zoom-hour").click();
        await("the off gap listed under the timeline", Duration.ofSeconds(45), () -> !browser.findElements(
                By.cssSelector("#gap-list li[data-reason='off']")).isEmpty());
        WebElement gap = browser.findElement(By.cssSelector("#gap-list li[data-reason='off']"));
        Instant from = Instant.parse(gap.getDomAttribute("data-from"));
        Instant to = Instant.parse(gap.getDomAttribute("data-to"));
        assertThat(Duration.between(from, to).toMillis()).isBetween(3000L, 30_000L);
        assertThat(gap.getText()).contains("off");
        // the timeline itself says so under the pointer (a few seconds are a few pixels at this zoom: try each)
        int middle = timelineOffset(id("timeline"), from.plus(Duration.between(from, to).dividedBy(2)));
        await("the gap's reason under the pointer", WAIT, () -> {
            for (int dx = -3; dx <= 3; dx++) {
                new Actions(browser).moveToElement(id("timeline"), middle + dx, 0).perform();
                if (id("timeline-info").getText().contains("gap: off")) {
                    return true;
                }
            }
            return false;
        });
        screenshot("timeline-gap");
    }

    @Test
    @Order(4)
    void theLivePlayerPlays() throws Exception {
        await("live playback starts", WAIT, () -> number("return document.getElementById('live-video')"
                + ".currentTime") > 0);
        double start = number("return document.getElementById('live-video').currentTime");
        await("live currentTime advances by 3 s", WAIT, () -> number("return document.getElementById("
                + "'live-video').currentTime") >= start + 3);
        screenshot("live");
    }

    @Test
    @Order(5)
    void aRecordingPlaysFromAChosenMomentAndSeeks() throws Exception {
        Instant first = recordingStart();
        Instant chosen = first.plusSeconds(3);
        id("zoom-hour").click();
        Thread.sleep(300);
        clickTimelineAt(chosen);
        await("recorded playback starts", WAIT, () -> number("return document.getElementById('playback-video')"
                + ".currentTime") > 0 && js("return document.getElementById('playback-video').dataset.wallclock")
                != null);
        await("playing near the chosen moment", WAIT, () -> Math.abs(Double.parseDouble((String) js(
                "return document.getElementById('playback-video').dataset.wallclock")) - chosen.toEpochMilli())
                < 6000);
        screenshot("playback");
        Instant later = first.plusSeconds(8);
        clickTimelineAt(later);
        await("seeked to the later moment", WAIT, () -> {
            double wall = Double.parseDouble((String) js("return document.getElementById('playback-video')"
                    + ".dataset.wallclock"));
            return Math.abs(wall - later.toEpochMilli()) < 3000;
        });
    }

    @Test
    @Order(6)
    void aRangeSelectedOnTheTimelineDownloadsAsAnMp4ThatDecodesCleanly() throws Exception {
        Instant first = recordingStart();
        WebElement canvas = id("timeline");
        new Actions(browser).keyDown(Keys.SHIFT)
                .moveToElement(canvas, timelineOffset(canvas, first.plusSeconds(1)), 0).clickAndHold()
                .moveToElement(canvas, timelineOffset(canvas, first.plusSeconds(60)), 0).release()
                .keyUp(Keys.SHIFT).perform();
        await("the selection fills the range fields", WAIT, () -> !id("sel-from").getDomProperty("value").isEmpty()
                && !id("sel-to").getDomProperty("value").isEmpty());
        assertThat(Instant.parse(id("sel-to").getDomProperty("value")))
                .isAfter(Instant.parse(id("sel-from").getDomProperty("value")));
        // then the exact range, typed
        Instant from = first.plusSeconds(2);
        Instant to = first.plusSeconds(9);
        id("sel-from").clear();
        id("sel-from").sendKeys(from.toString());
        id("sel-to").clear();
        id("sel-to").sendKeys(to.toString());
        id("export-button").click();
        await("the export is ready", Duration.ofSeconds(60), () -> id("export-link").isDisplayed());
        assertThat(id("export-status").getText()).isEqualTo("ready");
        assertThat(id("export-link").getText()).contains(".mp4");
        screenshot("export");

        String href = id("export-link").getDomProperty("href");
        Cookie session = browser.manage().getCookieNamed("rtsp-recorder-session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        Path file = dir.resolve("download.mp4");
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(href)).timeout(WAIT)
                .header("Cookie", session.getName() + "=" + session.getValue()).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MediaOracle.get().decodeErrors(file)).isEmpty();
        assertThat(MediaOracle.get().probe(file).duration()).isBetween(6.0, 9.5);
    }

    @Test
    @Order(7)
    void aViewerSeesNoOperatorControlsAndThePageLoggedNoError() throws Exception {
        id("logout").click();
        await("back at the login", WAIT, () -> id("login-view").isDisplayed());
        id("token").sendKeys(VIEWER);
        id("login-button").click();
        await("the camera page as viewer", WAIT, () -> id("who").getText().startsWith("viewer"));
        browser.get(recorder.baseUrl + "/#/camera/gate");
        await("the camera page", WAIT, () -> id("camera-view").isDisplayed() && id("camera-state").getText()
                .equals("RECORDING"));
        assertThat(id("record-toggle").isDisplayed()).isFalse();
        assertThat(id("who").getText()).isEqualTo("viewer");
        screenshot("viewer");
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }
}
