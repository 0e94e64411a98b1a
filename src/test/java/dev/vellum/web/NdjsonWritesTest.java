package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class NdjsonWritesTest {

    private static byte[] line(int n, int length) {
        String text = String.valueOf(n).repeat(length - 1).substring(0, length - 1) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lines_go_out_in_writes_of_about_8_kb_in_order_and_the_rest_when_the_stream_ends() {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(line(i % 10, 1000));
        }
        lines.add(line(7, 20_000));
        lines.add(line(8, 10));
        List<byte[]> writes = NdjsonResponses.writes(Flux.fromIterable(lines)).collectList().block();

        assertThat(writes.stream().map(w -> w.length).toList()).startsWith(9000, 9000).endsWith(10);
        assertThat(writes.get(writes.size() - 2)).hasSize(1000 + 20_000).as("a line past the size ends its write");
        StringBuilder all = new StringBuilder();
        writes.forEach(w -> all.append(new String(w, StandardCharsets.UTF_8)));
        StringBuilder expected = new StringBuilder();
        lines.forEach(l -> expected.append(new String(l, StandardCharsets.UTF_8)));
        assertThat(all.toString()).isEqualTo(expected.toString());
    }
}
