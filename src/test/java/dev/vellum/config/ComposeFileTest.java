package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis that docker-compose.yml starts has bounded memory and evicts instead of refusing writes. */
class ComposeFileTest {

    @Test
    void redis_has_a_maxmemory_and_an_eviction_policy_that_keeps_it_writable() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker-compose.yml"));
        String command = lines.stream().filter(line -> line.contains("redis-server")).findFirst().orElseThrow();
        assertThat(command).contains("\"--maxmemory\", \"256mb\"").contains("\"--maxmemory-policy\", \"allkeys-lru\"");
    }
}
