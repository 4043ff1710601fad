package org.plantflow.approval.web.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} driven by its {@code chromium-driver}
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; other paths with {@code -Dplantflow.test.chromium=} and
 * {@code -Dplantflow.test.chromedriver=}). Both paths are given to Selenium, so Selenium Manager is never asked and
 * nothing is downloaded. Each session gets a fresh profile in a temporary folder, deleted when it closes. When the
 * browser or its driver is missing the test fails (it does not skip): CI ({@code .ci/run}) installs them.
 */
final class Chromium {
    static final Path BROWSER = Path.of(System.getProperty("plantflow.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("plantflow.test.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /**
     * A new headless browser session.
     *
     * @param name            names the session in messages and screenshots
     * @param browserLanguage the browser's language ({@code navigator.languages}), e.g. {@code en-US} or {@code zh-CN}
     * @param timeZone        the browser's time zone (TZ of the browser process), e.g. {@code UTC} or {@code Asia/Shanghai}
     */
    static BrowserSession start(String name, String browserLanguage, String timeZone) {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("plantflow-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary Chromium profile folder", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--disable-extensions",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=" + browserLanguage);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", browserLanguage));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", timeZone))
                .build();
        try {
            return new BrowserSession(name, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            BrowserSession.deleteTree(profile);
            throw new IllegalStateException("could not start headless Chromium (" + BROWSER + " driven by " + DRIVER
                    + "); check that both are the same version (`chromium --version`, `chromedriver --version`): "
                    + e.getMessage(), e);
        }
    }

    /** Fails, naming what to install, unless both the browser and its driver are there. */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BROWSER)) {
            missing.add("the browser " + BROWSER);
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add("its driver " + DRIVER);
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the browser test of the approver pages needs Chromium: " + String.join(" and ", missing)
                    + " not found. Install Debian's packages with `apt-get install chromium chromium-driver` (.ci/run"
                    + " does it when run as root), or give another Chromium and its matching chromedriver with"
                    + " -Dplantflow.test.chromium=PATH -Dplantflow.test.chromedriver=PATH");
        }
    }
}
