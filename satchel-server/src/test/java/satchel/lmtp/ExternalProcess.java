package satchel.lmtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program run to its end with its output captured: the clients other projects wrote (Postfix, Python). */
record ExternalProcess(int exit, String output) {
    static boolean available(String program) {
        if (program.contains("/")) return Files.isExecutable(Path.of(program));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    static ExternalProcess run(List<String> command, String stdin, long timeoutSeconds) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var output = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.getFirst() + " did not finish in " + timeoutSeconds + " s: " + output);
        }
        reader.join();
        return new ExternalProcess(p.exitValue(), output.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
