package dev.vellum.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded server left running by a JVM that was killed hard (SIGKILL, OOM killer):
 * its pid file still names a live process, which would hold the data directory and port.
 */
final class StaleProcess {

    private static final Logger log = LoggerFactory.getLogger(StaleProcess.class);

    private StaleProcess() {
    }

    /** Terminates the process named on the pid file's first line if it is alive and runs {@code program}. */
    static void stop(Path pidFile, String program) {
        Optional<ProcessHandle> stale = read(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(program)).orElse(false));
        if (stale.isEmpty()) {
            return;
        }
        ProcessHandle process = stale.get();
        log.warn("Stopping a leftover embedded {} (pid {}) that still holds {}", program, process.pid(), pidFile.getParent());
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<Long> read(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
