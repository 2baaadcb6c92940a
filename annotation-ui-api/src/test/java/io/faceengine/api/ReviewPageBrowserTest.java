package io.faceengine.api;

import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.ReviewItem;
import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.clustering.registry.ReviewStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review page in Debian's headless Chromium, driven through its ChromeDriver, against the API
 * served in-process and the real Elasticsearch (system property faceengine.es.url).
 */
class ReviewPageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = ApiTestServer.ALICE, BOB = ApiTestServer.BOB, RITA = ApiTestServer.RITA;
    /** The Debian packages chromium and chromium-driver; given explicitly so nothing is ever downloaded. */
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Bounds every wait on a page condition: a failure guard, not a speed requirement. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Held so the setting sticks: the tests use no DevTools, so Selenium's note that it has no binding for this Chromium is noise. */
    private static final Logger CDP_NOTES = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    @TempDir
    static Path dir;

    static ApiTestServer api;
    static ElasticsearchOptions options;
    static ElasticsearchConnection connection;
    static ReviewApiServer server;
    static HttpClient http;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        CDP_NOTES.setLevel(Level.SEVERE);
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser tests need "
                + CHROMIUM + " and " + CHROMEDRIVER + ": install the packages chromium and chromium-driver (scripts/setup.sh does)");
        api = ApiTestServer.start(dir, null);
        options = api.options;
        connection = api.connection;
        server = api.server;
        http = api.http;
    }

    @AfterAll
    static void stop() throws IOException {
        if (api != null) {
            api.close();
        }
    }

    /** Each test starts with no lease held: an earlier test leaves its last item claimed on screen. */
    @BeforeEach
    void earlierLeasesEnd() {
        api.clock.now.updateAndGet(t -> t.plus(ClaimRules.defaults(ApiTestServer.LEASE).maxHold()).plusSeconds(1));
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM.toFile());
        chrome.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        chrome.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, chrome);
        wait = new WebDriverWait(browser, PATIENCE);
    }

    /** Fails the test on any script error or policy violation the page caused; refused requests are expected. */
    @AfterEach
    void closeBrowser() {
        try {
            List<String> problems = new ArrayList<>();
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= Level.WARNING.intValue()
                        && !entry.getMessage().contains("Failed to load resource: the server responded with a status of")) {
                    problems.add(entry.getMessage());
                }
            }
            assertEquals(List.of(), problems, "the browser console");
        } finally {
            browser.quit();
        }
    }

    @Test
    void servesOnlyThePageFilesWithoutATokenUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/review/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                && !policy.contains("unsafe"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(page.body().contains("<script src=\"app.js\""), "the page loads its script from the server");
        assertFalse(page.body().contains("<script>") || page.body().contains("<style") || page.body().contains(" style=")
                || Pattern.compile("\\son[a-z]+=").matcher(page.body()).find(),
                "no inline script, style or handler: the policy would block them");

        HttpResponse<String> script = get("/review/app.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
        assertTrue(script.body().contains("'/api/review-items"), "the page's script");
        HttpResponse<String> style = get("/review/app.css");
        assertEquals(200, style.statusCode());
        assertEquals("text/css; charset=utf-8", style.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> bare = get("/review");
        assertEquals(308, bare.statusCode());
        assertEquals("/review/", bare.headers().firstValue("Location").orElse(""));

        // Only the three names answer; nothing in the URL reaches a resource or file lookup.
        for (String path : List.of("/review/index.html", "/review/openapi.json", "/review/../openapi.json",
                "/review/%2e%2e/openapi.json", "/review/..%2Fopenapi.json", "/review/ReviewPage.class",
                "/review/review/app.js", "/review/app.js/", "/review/APP.JS", "/reviewer",
                "/review//app.js", "/review/./app.js")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains("openapi") || r.body().contains("'use strict'"), path + ": " + r.body());
        }
        HttpResponse<String> nul = get("/review/app.js%00");
        assertEquals(400, nul.statusCode(), "a NUL in a path is refused before any handler");
        assertFalse(nul.body().contains("'use strict'"), nul.body());
        // The server closes the connection after a malformed request and must say so: a client that
        // pooled it would send the POST below on a closed connection (only GETs are retried).
        assertEquals("close", nul.headers().firstValue("Connection").orElse(""), nul.headers().toString());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/review/")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        // The API behind the page still needs a token.
        assertEquals(401, get("/api/review-items").statusCode());
    }

    @Test
    void annotatorSplitsOffAKeyboardSelectedFaceThenConfirmsTheNextItem() throws Exception {
        String run = ApiTestServer.newRun();
        String a = run + "-a", b = run + "-b";
        ObjectNode details = JSON.createObjectNode();
        ArrayNode faces = details.putArray("faces");
        faces.addObject().put("face_id", a + "-f1").putNull("flag").put("similarity", 0.91).put("quality", 0.8);
        faces.addObject().put("face_id", a + "-f2").put("flag", "OUTLIER").put("similarity", 0.31).put("quality", 0.7);
        faces.addObject().put("face_id", a + "-f3").put("flag", "BOUNDARY").put("similarity", 0.55).put("quality", 0.6);
        faces.addObject().put("face_id", a + "-f4").putNull("flag").put("similarity", 0.88).put("quality", 0.9);
        seed(run, List.of(item(run, "a", 0.9f, 4, List.of("outlier", "low_margin"), details),
                item(run, "b", 0.5f, 3, List.of("low_margin"), null)));

        open(run);
        signIn(ALICE);
        awaitItem(a);
        assertEquals(List.of(a + "-f1", a + "-f2", a + "-f3", a + "-f4"), tileFaceIds());
        assertEquals("outlier, low_margin", text("item-reasons"));
        assertEquals("0.900", text("item-priority"));
        assertEquals("4", text("item-size"));
        assertTrue(text("who").contains("alice"), text("who"));
        WebElement outlier = tiles().get(1);
        assertTrue(outlier.getText().contains("OUTLIER") && outlier.getText().contains("sim 0.31"), outlier.getText());
        assertTrue(outlier.getDomAttribute("aria-label").contains("flagged outlier"), outlier.getDomAttribute("aria-label"));
        assertTrue(tiles().get(2).getText().contains("BOUNDARY"), tiles().get(2).getText());
        assertCropsSettled();

        // The first face has the focus; move to the second and select it with Space.
        keys(Keys.ARROW_RIGHT, Keys.SPACE);
        await("face 2 selected", () -> "true".equals(tiles().get(1).getDomAttribute("aria-pressed")));
        assertEquals("false", tiles().get(0).getDomAttribute("aria-pressed"));
        assertTrue(text("selection").startsWith("1 of 4"), text("selection"));
        keys("s");

        awaitItem(b);
        await("progress after one decision", () -> text("progress").equals("1 decision this session"));
        JsonNode split = onlyDecision(a);
        assertEquals("split", split.path("kind").asText());
        assertEquals(List.of(a + "-f2"), strings(split.path("face_ids")));
        assertEquals("alice", split.path("annotator").asText());
        assertEquals("decided", stored(a).path("status").asText());
        assertEquals(3, tiles().size());

        keys("c");
        await("no item left", () -> browser.findElement(By.id("empty")).isDisplayed());
        await("progress after two decisions", () -> text("progress").equals("2 decisions this session"));
        assertTrue(text("empty-text").startsWith("No open review items"), text("empty-text"));
        JsonNode confirm = onlyDecision(b);
        assertEquals("confirm", confirm.path("kind").asText());
        assertEquals(List.of(), strings(confirm.path("face_ids")));
        assertEquals("alice", confirm.path("annotator").asText());
        assertFalse(browser.findElement(By.id("error")).isDisplayed(), text("error"));
    }

    @Test
    void removeSendsTheFacesPickedByNumber() throws Exception {
        String run = ApiTestServer.newRun();
        seed(run, List.of(item(run, "a", 0.9f, 3, List.of("outlier"), null), item(run, "b", 0.5f, 2, List.of("r"), null)));
        open(run);
        signIn(ALICE);
        awaitItem(run + "-a");
        keys("3");
        await("face 3 selected", () -> "true".equals(tiles().get(2).getDomAttribute("aria-pressed")));
        keys("r");
        awaitItem(run + "-b");
        JsonNode remove = onlyDecision(run + "-a");
        assertEquals("remove", remove.path("kind").asText());
        assertEquals(List.of(run + "-a-f3"), strings(remove.path("face_ids")));
        assertEquals("alice", remove.path("annotator").asText());
    }

    @Test
    void anItemAnotherAnnotatorTookIsReportedAndPassedOver() throws Exception {
        String run = ApiTestServer.newRun();
        seed(run, List.of(item(run, "a", 0.9f, 2, List.of("r"), null), item(run, "b", 0.8f, 2, List.of("r"), null),
                item(run, "c", 0.7f, 2, List.of("r"), null)));
        open(run);
        signIn(ALICE);
        awaitItem(run + "-a");
        // The page listed b as next; bob takes it first.
        HttpResponse<String> bobClaim = post("/api/review-items/" + run + "-b/claim", BOB, "");
        assertEquals(200, bobClaim.statusCode(), bobClaim.body());

        keys("c");
        awaitItem(run + "-c");
        WebElement error = browser.findElement(By.id("error"));
        assertTrue(error.isDisplayed());
        assertTrue(error.getText().contains(run + "-b") && error.getText().contains("claimed by bob"), error.getText());
        assertEquals("1 decision this session", text("progress"));
        assertEquals("confirm", onlyDecision(run + "-a").path("kind").asText());
        assertEquals("bob", stored(run + "-b").path("claimed_by").asText());
        assertEquals("claimed", stored(run + "-b").path("status").asText());
        assertTrue(decisionsFor(run + "-b").isEmpty());
    }

    @Test
    void aRefusedDecisionShowsTheServersMessageAndKeepsTheItem() throws Exception {
        String run = ApiTestServer.newRun();
        seed(run, List.of(item(run, "a", 0.9f, 2, List.of("r"), null)));
        open(run);
        signIn(ALICE);
        awaitItem(run + "-a");

        keys("t");
        Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("x".repeat(201));
        prompt.accept();
        await("the server's message", () -> browser.findElement(By.id("error")).isDisplayed());
        assertTrue(text("error").contains("bad_request") && text("error").contains("at most 200 characters"), text("error"));
        assertEquals(run + "-a", text("item-id"));
        assertTrue(decisionsFor(run + "-a").isEmpty());

        keys("t");
        prompt = wait.until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("Ada Lovelace");
        prompt.accept();
        await("no item left", () -> browser.findElement(By.id("empty")).isDisplayed());
        JsonNode named = onlyDecision(run + "-a");
        assertEquals("name", named.path("kind").asText());
        assertEquals("Ada Lovelace", named.path("name").asText());
        assertEquals("alice", named.path("annotator").asText());
        assertFalse(browser.findElement(By.id("error")).isDisplayed(), "a decision that went through clears the error");
    }

    @Test
    void aWrongTokenIsAskedForAgainAndARightOneIsKeptAcrossAReload() throws Exception {
        String run = ApiTestServer.newRun();
        seed(run, List.of(item(run, "a", 0.9f, 2, List.of("r"), null), item(run, "b", 0.8f, 2, List.of("r"), null)));
        open(run);
        signIn("not-a-token");
        await("the token form again", () -> browser.findElement(By.id("login")).isDisplayed()
                && browser.findElement(By.id("error")).isDisplayed());
        assertTrue(text("error").contains("not accepted"), text("error"));
        signIn(ALICE);
        awaitItem(run + "-a");

        browser.navigate().refresh();
        awaitItem(run + "-a");
        assertFalse(browser.findElement(By.id("login")).isDisplayed(), "the token is kept for the tab");
        assertEquals("alice", stored(run + "-a").path("claimed_by").asText());
        keys("k");
        awaitItem(run + "-b");
        assertTrue(decisionsFor(run + "-a").isEmpty(), "a skip decides nothing");
        assertEquals("open", stored(run + "-a").path("status").asText(), "a skip hands the item back");
        assertFalse(stored(run + "-a").has("claimed_by"));
    }

    // ------------------------------------------------------------------ page helpers

    private void open(String run) {
        browser.get("http://127.0.0.1:" + server.port() + "/review/?run=" + run);
    }

    private void signIn(String token) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    private void awaitItem(String itemId) {
        await("item " + itemId + " on screen", () -> browser.findElement(By.id("review")).isDisplayed()
                && itemId.equals(text("item-id")) && !tiles().isEmpty());
    }

    private void await(String what, Supplier<Boolean> condition) {
        wait.withMessage(() -> what + "; error shown: '" + text("error") + "'")
                .until(d -> condition.get());
    }

    /** Keys to whatever has the focus, as a person types them. */
    private void keys(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private List<WebElement> tiles() {
        return browser.findElements(By.cssSelector("#grid .tile"));
    }

    private List<String> tileFaceIds() {
        return tiles().stream().map(t -> t.getDomAttribute("data-face-id")).toList();
    }

    /**
     * Every tile ends either showing its crop or a placeholder, and always its face id. The runs
     * seeded here have no crops, so each must end as a placeholder.
     */
    private void assertCropsSettled() {
        await("crops settled", () -> tiles().stream().noneMatch(t -> "loading".equals(t.getDomAttribute("data-crop"))));
        for (WebElement tile : tiles()) {
            String faceId = tile.getDomAttribute("data-face-id");
            assertEquals("missing", tile.getDomAttribute("data-crop"), faceId);
            assertTrue(tile.findElement(By.cssSelector(".placeholder")).isDisplayed(), faceId);
            assertEquals(faceId, tile.findElement(By.cssSelector(".face-id")).getText());
            assertTrue(tile.findElements(By.tagName("img")).isEmpty(), faceId);
        }
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                "return document.activeElement === document.querySelector('#grid .tile')"), "the first face has the focus");
    }

    // ------------------------------------------------------------------ API and Elasticsearch helpers

    private static ReviewItem item(String run, String suffix, float priority, int size, List<String> reasons, JsonNode details) {
        String id = run + "-" + suffix;
        List<String> faces = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            faces.add(id + "-f" + i);
        }
        return new ReviewItem(id, run, "set-" + suffix, ReviewKind.CLUSTER, reasons, priority, 0.5f, size, "c-" + suffix,
                null, List.of(), faces, ReviewStatus.OPEN, Instant.parse("2026-01-01T00:00:00Z"), details);
    }

    private static void seed(String run, List<ReviewItem> items) {
        api.seed(run, items);
    }

    private static ObjectNode stored(String id) throws IOException {
        GetResponse<ObjectNode> r = connection.client().get(g -> g.index(RegistryIndex.REVIEW_ITEMS.indexName(options)).id(id),
                ObjectNode.class);
        assertTrue(r.found(), id);
        return r.source();
    }

    private static JsonNode onlyDecision(String itemId) throws Exception {
        List<JsonNode> log = decisionsFor(itemId);
        assertEquals(1, log.size(), log.toString());
        return log.get(0);
    }

    /** The audit log as a reviewer reads it, narrowed to one item. */
    private static List<JsonNode> decisionsFor(String itemId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/decisions?limit=500"))
                .header("Authorization", "Bearer " + RITA).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("decisions").forEach(d -> {
            if (d.path("item_id").asText().equals(itemId)) {
                out.add(d);
            }
        });
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
