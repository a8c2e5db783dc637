package io.healthkey.backend.adapter.outbound.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** At the levels application.yml sets, nothing logged while validating quotes a value of the resource. */
class HapiFhirLoggingTest {

    /**
     * A Patient whose values appear nowhere else: HAPI caches what it looked up, so a value it logged once it does
     * not look up, nor log, again. The language code is one HAPI does not know, which it logs at WARN.
     */
    private static byte[] patientWithValuesOfItsOwn(String tag) {
        return """
                {"resourceType":"Patient","name":[{"family":"Family%1$s"}],"birthDate":"before-%1$s",
                 "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"qq-%1$s"}]}}]}"""
                .formatted(tag).getBytes(UTF_8);
    }

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Map<Logger, Level> levelsBefore = new HashMap<>();

    @BeforeEach
    void captureEveryLogEvent() {
        events.start();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    }

    @AfterEach
    void restoreLogging() {
        logback.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(events);
        levelsBefore.forEach(Logger::setLevel);
    }

    @Test
    void logsNoValueOfTheResourceAtTheServiceLoggingLevels() throws IOException {
        String canary = uniqueTag();
        SharedHapiFhirValidator.INSTANCE.validate(patientWithValuesOfItsOwn(canary));
        assumeThat(logged()).as("HAPI, at its own levels, still logs a value (else this test guards nothing)")
                .anyMatch(line -> line.contains(canary));

        applyLevelsOfApplicationYml();
        String tag = uniqueTag();
        SharedHapiFhirValidator.INSTANCE.validate(patientWithValuesOfItsOwn(tag));

        assertThat(logged()).noneMatch(line -> line.contains(tag));
    }

    private static String uniqueTag() {
        return "ZZ" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
    }

    private List<String> logged() {
        return events.list.stream()
                .map(event -> event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private void applyLevelsOfApplicationYml() throws IOException {
        Map<String, Object> yml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yml = new Yaml().load(in);
        }
        Map<String, Object> levels = (Map<String, Object>) ((Map<String, Object>) yml.get("logging")).get("level");
        assertThat(levels).containsKeys("ca.uhn.fhir", "org.hl7.fhir");
        levels.forEach((loggerName, level) -> {
            Logger logger = logback.getLogger(loggerName);
            levelsBefore.put(logger, logger.getLevel());
            // As Spring Boot reads them: YAML takes a bare off for false, which Spring Boot takes for OFF.
            String name = Boolean.FALSE.equals(level) ? "OFF" : String.valueOf(level);
            logger.setLevel(Level.toLevel(name, null));
        });
    }
}
