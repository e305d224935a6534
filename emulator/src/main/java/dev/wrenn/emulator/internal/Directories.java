package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** File-system helpers for capsule directories. All blocking: call them off event loops. */
final class Directories {

    private static final Path VIRTUAL_ROOT = Path.of("/");

    private Directories() {
    }

    /**
     * Maps a path as a process in the capsule would see it onto an existing host directory: {@code /app} and
     * {@code app} both become {@code <capsuleDir>/app}; {@code ..} cannot climb above the capsule directory.
     * Symbolic links are followed, and a directory they lead to outside the capsule counts as missing. Creates
     * nothing.
     *
     * @return the real path, or empty if there is no such directory inside the capsule
     * @throws ApiException {@code invalid_request} if {@code path} is not a valid path
     */
    static Optional<Path> existingInside(Path capsuleDir, String path) {
        try {
            Path root = capsuleDir.toRealPath();
            Path real = capsuleDir.resolve(VIRTUAL_ROOT.relativize(inCapsule(path))).toRealPath();
            return real.startsWith(root) && Files.isDirectory(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException missing) {
            return Optional.empty();
        }
    }

    /**
     * The absolute path a capsule process would see for {@code path}: relative paths start at the capsule's home,
     * which is its root directory.
     *
     * @throws ApiException {@code invalid_request} if {@code path} is not a valid path
     */
    static Path inCapsule(String path) {
        try {
            return VIRTUAL_ROOT.resolve(path == null ? "" : path).normalize();
        } catch (InvalidPathException e) {
            throw ApiException.invalidRequest("invalid cwd");
        }
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
