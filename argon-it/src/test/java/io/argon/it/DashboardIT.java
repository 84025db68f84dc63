package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.bench.SimulatedNodes;
import io.argon.client.ArgonClient;
import io.argon.client.TaskFuture;
import io.argon.core.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through chromedriver,
 * against a real manager with two real nodes. Each test leaves a screenshot of the page as it
 * ended in target/dashboard/, so that a failure can be looked at.
 */
class DashboardIT {
    private static final Pattern SERVING = Pattern.compile("serving HTTP at (http://\\S+?)/ \\(");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");
    private static final Duration PAGE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ArgonProcess> daemons = new ArrayList<>();
    private ChromeDriver browser;

    @TempDir
    Path dir;

    @BeforeEach
    void startChromium() {
        assertThat(CHROMIUM).as("headless Chromium: apt-get install chromium chromium-driver (.ci/run does)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver: apt-get install chromium-driver (.ci/run does)").isExecutable();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void screenshotAndStop(TestInfo test) throws Exception {
        try {
            if (browser != null) {
                Files.createDirectories(SCREENSHOTS);
                Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (browser != null) {
                browser.quit();
            }
            daemons.forEach(Quietly::close);
        }
    }

    private static String httpUrl(ArgonProcess daemon) {
        return daemon.awaitLine(SERVING, Duration.ofSeconds(30)).group(1);
    }

    private WebDriverWait waiting() {
        // A page that navigates (the login, to the dashboard) leaves elements found before it stale: look again.
        return (WebDriverWait) new WebDriverWait(browser, PAGE).ignoring(StaleElementReferenceException.class);
    }

    /** Opens the page and waits until it has drawn its first report. */
    private void open(String url) {
        browser.get(url + "/");
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    private WebElement nodeRow(String address) {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#nodes tr[data-node='" + address + "']")));
    }

    private String nodeState(String address) {
        return nodeRow(address).findElement(By.className("node-state")).getText();
    }

    private static JsonNode nodeEntry(ArgonProcess manager, String address) throws IOException {
        for (JsonNode node : manager.status().path("nodes")) {
            if (node.path("address").asText().equals(address)) {
                return node;
            }
        }
        throw new AssertionError("the manager's status has no node " + address + ": " + manager.status());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theManagerListsBothNodesTheChartMovesWhileBenchRunsAndDrainFromThePageIsWhatStatusSays() throws Exception {
        ArgonProcess manager = ManagerProcesses.startManager("--http-port", "0");
        daemons.add(manager);
        daemons.addAll(ManagerProcesses.startNodes(manager.port(), List.of(List.of("-w", "2"), List.of("-w", "2"))));
        List<String> addresses = new ArrayList<>();
        manager.status().path("nodes").forEach(node -> addresses.add(node.path("address").asText()));
        assertThat(addresses).hasSize(2);

        open(httpUrl(manager));
        for (String address : addresses) {
            assertThat(nodeState(address)).as(address).isEqualTo("registered");
        }
        assertThat(browser.findElement(By.id("role")).getText()).containsIgnoringCase("manager");

        String chartBefore = chartImage();
        Process bench = new ProcessBuilder(ArgonProcess.home().resolve("bin/bench").toString(), "-a", manager.address(),
                "-n", "1500", "-c", "16", "-d", "0.01", "--max-wait", "60").redirectErrorStream(true).redirectOutput(dir.resolve("bench.out").toFile())
                .start();
        try {
            assertThat(bench.waitFor(120, TimeUnit.SECONDS)).as("bench finished").isTrue();
        } finally {
            bench.destroyForcibly();
        }
        assertThat(bench.exitValue()).as(Files.readString(dir.resolve("bench.out"))).isZero();
        waiting().until(driver -> Long.parseLong(driver.findElement(By.id("stat-done")).getText()) >= 1500);
        assertThat(chartImage()).as("the throughput chart drew the run").isNotEqualTo(chartBefore);
        JsonNode latency = manager.status().path("latency_ms");
        assertThat(latency.path("tasks").asLong()).as("tasks in the last minute's percentiles").isEqualTo(1500);
        assertThat(latency.path("p50").asDouble()).as("p50 of 10 ms tasks").isGreaterThanOrEqualTo(10.0);
        assertThat(latency.path("p99").asDouble()).isGreaterThanOrEqualTo(latency.path("p50").asDouble());
        waiting().until(driver -> driver.findElement(By.id("stat-p50")).getText().endsWith(" ms"));
        for (String address : addresses) {
            waiting().until(driver -> !nodeRow(address).findElement(By.className("node-p99")).getText().equals("–"));
        }

        String drained = addresses.get(0);
        nodeRow(drained).findElement(By.cssSelector("button.drain")).click();
        waiting().until(driver -> nodeState(drained).equals("drained"));
        waiting().until(driver -> browser.findElement(By.id("action-result")).getText().equals("drain done"));
        assertThat(nodeEntry(manager, drained).path("drained").asBoolean()).as("argon status agrees").isTrue();
        assertThat(nodeState(addresses.get(1))).isEqualTo("registered");
        assertThat(nodeEntry(manager, addresses.get(1)).path("drained").asBoolean()).isFalse();

        nodeRow(drained).findElement(By.cssSelector("button.undrain")).click();
        waiting().until(driver -> nodeState(drained).equals("registered"));
        assertThat(nodeEntry(manager, drained).path("drained").asBoolean()).isFalse();

        browser.findElement(By.id("drain-all")).click();
        waiting().until(driver -> addresses.stream().allMatch(address -> nodeState(address).equals("drained")));
        for (String address : addresses) {
            assertThat(nodeEntry(manager, address).path("drained").asBoolean()).as(address).isTrue();
        }
        browser.findElement(By.id("undrain-all")).click();
        waiting().until(driver -> addresses.stream().allMatch(address -> nodeState(address).equals("registered")));
    }

    /** The throughput chart's pixels, as the browser drew them. */
    private String chartImage() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const c = document.querySelector('#throughput-chart canvas'); return c ? c.toDataURL() : '';");
    }

    @Test
    void aNodesPageShowsItsWorkersPidsAndADrainFromItTurnsReadyzTo503() throws Exception {
        ArgonProcess node = ArgonProcess.startNode("-w", "2", "--http-port", "0");
        daemons.add(node);
        String url = httpUrl(node);
        node.awaitStatus("both workers up", status -> status.path("idle").asInt() == 2, Duration.ofSeconds(60));
        HttpResponse<String> health = get(url + "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(get(url + "/readyz").body()).isEqualTo("ready\n");

        open(url);
        Set<String> pids = node.workerPids().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
        assertThat(pids).hasSize(2);
        waiting().until(driver -> shownPids().equals(pids));

        browser.findElement(By.id("drain-all")).click();
        waiting().until(driver -> browser.findElement(By.id("daemon-state")).getText().equals("draining"));
        HttpResponse<String> draining = get(url + "/readyz");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.body()).isEqualTo("not ready: draining: it takes no new tasks\n");
        assertThat(node.status().path("draining").asBoolean()).as("argon status agrees").isTrue();

        browser.findElement(By.id("undrain-all")).click();
        waiting().until(driver -> browser.findElement(By.id("daemon-state")).getText().equals("serving"));
        assertThat(get(url + "/readyz").statusCode()).isEqualTo(200);

        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            TaskFuture<JsonNode> slow = client.submit(Tasks.SAMPLE, Map.of("num", 1, "delay", 60));
            node.awaitStatus("the slow task running", status -> status.path("busy").asInt() == 1, Duration.ofSeconds(30));
            browser.findElement(By.id("cancel-id")).sendKeys(slow.id());
            browser.findElement(By.id("cancel-task")).click();
            waiting().until(driver -> driver.findElement(By.id("action-result")).getText().equals("cancel done"));
            assertThat(slow).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(io.argon.client.ArgonException.class)
                    .satisfies(e -> assertThat(((io.argon.client.ArgonException) e).kind()).isEqualTo(io.argon.client.FailureKind.CANCELLED));
            node.awaitStatus("its worker free again", status -> status.path("busy").asInt() == 0, Duration.ofSeconds(30));
        }
        browser.findElement(By.id("cancel-id")).clear();
        browser.findElement(By.id("cancel-id")).sendKeys("no-such-task");
        browser.findElement(By.id("cancel-task")).click();
        waiting().until(driver -> driver.findElement(By.id("action-result")).getText().equals("no task no-such-task is queued or running here"));
    }

    private Set<String> shownPids() {
        return browser.findElements(By.cssSelector("#workers td.pid")).stream().map(WebElement::getText)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void withAThousandNodesThePageDrawsOnlyTheRowsInViewAndFindsANodeByItsAddress() throws Exception {
        ArgonProcess manager = ManagerProcesses.startManager("--http-port", "0");
        daemons.add(manager);
        try (SimulatedNodes nodes = SimulatedNodes.register(new HostPort("127.0.0.1", manager.port()), 1000, 1, null,
                Duration.ofSeconds(60))) {
            manager.awaitStatus("1000 nodes registered", status -> status.path("nodes").size() == 1000, Timeouts.STARTUP);
            open(httpUrl(manager));
            waiting().until(driver -> driver.findElement(By.id("nodes-count")).getText().contains("1000"));
            int drawn = browser.findElements(By.cssSelector("#nodes tr[data-node]")).size();
            assertThat(drawn).as("rows in the page for 1,000 nodes").isBetween(1, 100);

            browser.findElement(By.id("node-filter")).sendKeys("simulated-777:");
            waiting().until(driver -> driver.findElements(By.cssSelector("#nodes tr[data-node]")).size() == 1);
            assertThat(nodeRow("simulated-777:1").findElement(By.className("node-state")).getText()).isEqualTo("registered");

            browser.findElement(By.id("node-filter")).clear();
            browser.findElement(By.id("node-filter")).sendKeys(" "); // an input event, so the page reads the cleared filter
            browser.findElement(By.id("node-filter")).clear();
            ((JavascriptExecutor) browser).executeScript("const s = document.getElementById('nodes-scroll'); s.scrollTop = s.scrollHeight;");
            waiting().until(driver -> !driver.findElements(By.cssSelector("#nodes tr[data-node='simulated-999:1']")).isEmpty());
            assertThat(browser.findElements(By.cssSelector("#nodes tr[data-node]")).size()).isBetween(1, 100);
        }
    }

    @Test
    void aFailedTasksStackTraceIsFoundBySearchingItsIdOnTheManagersPage() throws Exception {
        ArgonProcess manager = ManagerProcesses.startManager("--http-port", "0");
        daemons.add(manager);
        ArgonProcess node = ManagerProcesses.startNode(manager.port(), "-w", "1");
        daemons.add(node);
        String failedId;
        try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            for (int i = 0; i < 5; i++) {
                client.process(Tasks.SAMPLE, Map.of("num", i));
            }
            TaskFuture<JsonNode> failing = client.submit(Tasks.FAIL, Map.of("message", "boom, to be found on the page"));
            failedId = failing.id();
            assertThat(failing).failsWithin(Duration.ofSeconds(30));
            client.process(Tasks.SAMPLE, Map.of("num", 9));
        }
        open(httpUrl(manager));
        browser.findElement(By.id("search-id")).sendKeys(failedId);
        browser.findElement(By.id("search")).click();
        WebElement row = waiting().until(driver -> driver.findElements(By.cssSelector("#tasks-body tr[data-seq]")).stream()
                .filter(r -> r.findElement(By.className("task-id")).getText().equals(failedId)).findFirst().orElse(null));
        assertThat(row.findElement(By.className("task-outcome")).getText()).isEqualTo("task_failed");
        row.click();
        waiting().until(driver -> driver.findElement(By.id("task-stack")).getText().contains("boom, to be found on the page"));
        assertThat(browser.findElement(By.id("task-stack")).getText()).contains("at io.argon.examples.Fail.run");
        assertThat(browser.findElement(By.id("task-path")).getText()).contains("node " + node.address());
    }

    @Test
    void withASecretThePageAndTheApiAskForItAndTheRightOneOpensTheDashboard() throws Exception {
        Path secretFile = dir.resolve("secret");
        String secret = "a secret for the dashboard, 2026";
        Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        ArgonProcess manager = ManagerProcesses.startManager("--http-port", "0", "--secret-file", secretFile.toString());
        daemons.add(manager);
        String url = httpUrl(manager);
        for (String path : List.of("/", "/api/status", "/api/events")) {
            assertThat(get(url + path).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> action = http.send(HttpRequest.newBuilder(URI.create(url + "/api/control"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"drain\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(action.statusCode()).isEqualTo(401);

        browser.get(url + "/");
        WebElement password = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        password.sendKeys("not the secret");
        browser.findElement(By.id("login")).click();
        waiting().until(driver -> !driver.findElement(By.id("login-error")).getText().isBlank());
        assertThat(browser.findElements(By.id("throughput-chart"))).isEmpty();

        WebElement again = browser.findElement(By.id("password"));
        again.clear();
        again.sendKeys(secret);
        browser.findElement(By.id("login")).click();
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("role")).getText()).containsIgnoringCase("manager");
        assertThat(browser.manage().getCookies()).singleElement().satisfies(cookie -> {
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
        });
    }
}
