package io.rtsprecorder.recorder.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free and total bytes of the volume recordings go to; an interface so retention logic is testable. */
public interface DiskSpace {

    long usableBytes() throws IOException;

    long totalBytes() throws IOException;

    /** The file system holding {@code path}, read fresh at every call. */
    static DiskSpace of(Path path) {
        return new DiskSpace() {
            @Override
            public long usableBytes() throws IOException {
                return store().getUsableSpace();
            }

            @Override
            public long totalBytes() throws IOException {
                return store().getTotalSpace();
            }

            private FileStore store() throws IOException {
                return Files.getFileStore(path);
            }
        };
    }
}
