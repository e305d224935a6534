package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** File-system helpers for capsule directories. All blocking: call them off event loops. */
final class Directories {

    private static final Path VIRTUAL_ROOT = Path.of("/");

    private Directories() {
    }

    /**
     * Maps a path as a process in the capsule would see it onto the host: {@code /app} and {@code app} both become
     * {@code <capsuleDir>/app}; {@code ..} cannot climb above the capsule directory. Creates the directory.
     *
     * @throws ApiException {@code invalid_request} if {@code path} is not a valid path
     */
    static Path resolveInside(Path capsuleDir, String path) throws IOException {
        if (path == null || path.isEmpty()) {
            return capsuleDir;
        }
        Path inCapsule;
        try {
            inCapsule = VIRTUAL_ROOT.relativize(VIRTUAL_ROOT.resolve(path).normalize());
        } catch (InvalidPathException e) {
            throw ApiException.invalidRequest("invalid cwd");
        }
        return Files.createDirectories(capsuleDir.resolve(inCapsule));
    }

    /** Deletes {@code dir} and everything in it, best effort (symbolic links are removed, not followed). */
    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a leftover file in a temp directory is not worth failing for.
        }
    }
}
