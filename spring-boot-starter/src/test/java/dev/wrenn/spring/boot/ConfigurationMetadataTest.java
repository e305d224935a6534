package dev.wrenn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What an IDE completes: the metadata the build writes from the properties classes and their Javadoc. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsListedWithADescription() throws IOException {
        List<JsonNode> properties = StreamSupport.stream(starterMetadata().get("properties").spliterator(), false).toList();

        assertThat(properties).extracting(property -> property.get("name").asString()).containsExactlyInAnyOrder(
                "wrenn.base-url", "wrenn.api-key", "wrenn.connect-timeout", "wrenn.response-timeout",
                "wrenn.handshake-timeout", "wrenn.idle-timeout", "wrenn.keep-alive-interval", "wrenn.max-frame-size",
                "wrenn.max-response-size", "wrenn.max-connections", "wrenn.wiretap", "wrenn.allow-insecure-http",
                "wrenn.retry.max-retries", "wrenn.retry.min-backoff", "wrenn.retry.max-backoff", "wrenn.retry.kills",
                "wrenn.emulator.enabled", "wrenn.emulator.port", "wrenn.application-id", "wrenn.metrics.enabled",
                "wrenn.observations.enabled",
                "management.health.wrenn.enabled", "management.health.wrenn.timeout");
        assertThat(properties).allSatisfy(property -> assertThat(property.path("description").asString()).isNotBlank());
        assertThat(properties).filteredOn(property -> property.get("name").asString().equals("wrenn.idle-timeout"))
                .singleElement().satisfies(property -> assertThat(property.get("defaultValue").asString()).isEqualTo("90s"));
    }

    private static JsonNode starterMetadata() throws IOException {
        // Other jars on the class path have metadata of their own.
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = new ObjectMapper().readTree(in);
                if (metadata.toString().contains("\"wrenn.base-url\"")) {
                    return metadata;
                }
            }
        }
        throw new AssertionError("no configuration metadata lists wrenn.base-url");
    }
}
