package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentOutputTest {

    @TempDir
    Path dir;

    @Test
    void writesLargerThanAPoolBufferArriveWholeAndInOrder() throws Exception {
        Random random = new Random(7);
        byte[] small = new byte[100];
        byte[] large = new byte[WriteBufferPool.BUFFER_BYTES * 2 + 12345];
        random.nextBytes(small);
        random.nextBytes(large);
        Path file = dir.resolve("out.bin");
        try (SegmentOutput out = SegmentOutput.create(file)) {
            out.write(ByteBuffer.wrap(small), ByteBuffer.wrap(large, 10, large.length - 10), ByteBuffer.wrap(small));
            assertThat(out.bytesWritten()).isEqualTo(200 + large.length - 10L);
        }
        ByteBuffer expected = ByteBuffer.allocate(200 + large.length - 10);
        expected.put(small).put(large, 10, large.length - 10).put(small);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
    }

    @Test
    void manyConcurrentWritersShareTheBoundedPool() throws Exception {
        WriteBufferPool pool = WriteBufferPool.SHARED;
        List<Future<byte[]>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 32; w++) {
                int id = w;
                results.add(executor.submit(() -> {
                    Path file = dir.resolve("w" + id);
                    byte[] chunk = new byte[300_000];
                    java.util.Arrays.fill(chunk, (byte) id);
                    try (SegmentOutput out = SegmentOutput.create(file)) {
                        for (int i = 0; i < 5; i++) {
                            out.write(ByteBuffer.wrap(chunk));
                        }
                    }
                    return Files.readAllBytes(file);
                }));
            }
            for (int w = 0; w < results.size(); w++) {
                byte[] content = results.get(w).get();
                assertThat(content).hasSize(1_500_000);
                byte id = (byte) w;
                for (byte b : content) {
                    if (b != id) {
                        throw new AssertionError("writer " + w + " got another writer's byte " + b);
                    }
                }
            }
        }
        assertThat(pool.allocated()).isBetween(1, 4);
    }
}
