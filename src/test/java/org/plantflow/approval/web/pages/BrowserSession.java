package org.plantflow.approval.web.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium session (see {@link Chromium}) with what the page tests need: open a page and wait until it
 * says it is drawn ({@code body[data-ready="true"]}, never a fixed sleep), find elements, write screenshots. A wait
 * that runs out fails with what the page showed: its URL, {@code body}'s data attributes, {@code #pf-message} and
 * the browser console.
 */
final class BrowserSession implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Generous for a loaded CI machine; a wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    final String name;
    final ChromeDriver driver;
    private final Path profile;

    BrowserSession(String name, ChromeDriver driver, Path profile) {
        this.name = name;
        this.driver = driver;
        this.profile = profile;
    }

    /** Loads the URL afresh (even when only its hash differs from the current one) and waits for the page. */
    void open(String url, String page) {
        driver.get("about:blank");
        driver.get(url);
        waitForPage(page);
    }

    /** Waits until {@code body[data-page=page][data-ready="true"]}. */
    void waitForPage(String page) {
        waitFor("page '" + page + "' drawn (body[data-page=\"" + page + "\"][data-ready=\"true\"])",
                d -> !d.findElements(By.cssSelector("body[data-page=\"" + page + "\"][data-ready=\"true\"]")).isEmpty());
    }

    /** Waits until the CSS selector matches a displayed element, and returns it. */
    WebElement waitVisible(String css) {
        return waitFor("a visible " + css, d -> d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until the condition gives a value other than null or false. */
    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("[" + name + "] waited " + WAIT.toSeconds() + " s for " + what + "; " + describe(), e);
        }
    }

    WebElement find(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        if (found.isEmpty()) {
            throw new AssertionError("[" + name + "] no element matches " + css + "; " + describe());
        }
        return found.get(0);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The {@code data-element-id} of every element matching the selector (e.g. {@code [data-element-id].pf-taken}). */
    Set<String> elementIds(String css) {
        return all(css).stream().map(e -> e.getDomAttribute("data-element-id")).collect(Collectors.toCollection(TreeSet::new));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Writes target/screenshots/{file}.png (the visible window, 1400 x 1000). */
    Path screenshot(String file) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = SCREENSHOTS.resolve(file + ".png");
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the screenshot " + file + " under " + SCREENSHOTS, e);
        }
    }

    /** What the page shows now, for failure messages. */
    String describe() {
        StringBuilder s = new StringBuilder();
        try {
            s.append("url ").append(driver.getCurrentUrl()).append(", title '").append(driver.getTitle()).append("'");
            s.append(", body ").append(script("var b = document.body; if (!b) return 'none';"
                    + " return Array.from(b.attributes).filter(a => a.name.startsWith('data-'))"
                    + ".map(a => a.name + '=' + a.value).join(' ');"));
            Object text = script("return document.body ? document.body.innerText.slice(0, 300) : ''");
            s.append(", text '").append(String.valueOf(text).replace('\n', ' ')).append("'");
            List<WebElement> message = driver.findElements(By.id("pf-message"));
            if (!message.isEmpty()) {
                s.append(", #pf-message '").append(message.get(0).getText()).append("'");
            }
            String console = driver.manage().logs().get("browser").getAll().stream()
                    .map(LogEntry::toString).collect(Collectors.joining("\n  "));
            s.append(console.isEmpty() ? ", console empty" : ", console:\n  " + console);
        } catch (RuntimeException e) {
            s.append(" (could not read more: ").append(e.getMessage()).append(")");
        }
        return s.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
