package io.healthkey.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EnvelopeEncryptionBenchmark} with the JMH options given (e.g. {@code -f 1 -wi 3 -w 1s -i 5 -r 1s}, or
 * {@code -p size=1024} for one size) and prints MB/s (10^6 bytes per second) per record size, and each envelope
 * path's ratio to raw AES-GCM measured in the same run.
 */
public final class EnvelopeBenchmarkMain {

    private EnvelopeBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(EnvelopeEncryptionBenchmark.class.getName() + "\\.")
                .build()).run();

        Map<Integer, Map<String, double[]>> bySize = new TreeMap<>();
        for (RunResult result : results) {
            int size = Integer.parseInt(result.getParams().getParam("size"));
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            double best = 0;
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    best = Math.max(best, iteration.getPrimaryResult().getScore());
                }
            }
            bySize.computeIfAbsent(size, s -> new TreeMap<>())
                    .put(method, new double[] {opsPerSecond * size / 1e6, error * size / 1e6, best * size / 1e6});
        }

        System.out.println();
        System.out.println("Ratios are of means, and in parentheses of each side's best iteration (less"
                + " sensitive to other load on the machine).");
        System.out.println();
        System.out.println("Encryption, MB/s (10^6 bytes/s) ± 99.9% error; ratios against raw AES-GCM in one doFinal,"
                + " and against raw AES-GCM fed in 64 KiB updates (fresh random IV and init per message, see"
                + " EnvelopeEncryptionBenchmark)");
        System.out.println("| record size | raw doFinal | raw 64 KiB updates | envelope byte[] | ratio | ratio (updates)"
                + " | envelope stream | ratio | ratio (updates) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Integer, Map<String, double[]>> entry : bySize.entrySet()) {
            Map<String, double[]> row = entry.getValue();
            double[] raw = row.get("rawEncrypt");
            double[] chunked = row.get("rawEncryptChunked");
            double[] bytes = row.get("envelopeEncrypt");
            double[] stream = row.get("envelopeEncryptStream");
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", label(entry.getKey()), cell(raw),
                    cell(chunked), cell(bytes), ratio(bytes, raw), ratio(bytes, chunked), cell(stream),
                    ratio(stream, raw), ratio(stream, chunked));
        }
        System.out.println();
        System.out.println("Decryption, MB/s; ratios against raw AES-GCM in one doFinal");
        System.out.println("| record size | raw doFinal | envelope byte[] | ratio | envelope stream | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<Integer, Map<String, double[]>> entry : bySize.entrySet()) {
            Map<String, double[]> row = entry.getValue();
            double[] raw = row.get("rawDecrypt");
            double[] bytes = row.get("envelopeDecrypt");
            double[] stream = row.get("envelopeDecryptStream");
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", label(entry.getKey()), cell(raw), cell(bytes),
                    ratio(bytes, raw), cell(stream), ratio(stream, raw));
        }
    }

    private static String label(int size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }

    private static String cell(double[] value) {
        return value == null ? "-" : String.format("%.1f ± %.1f", value[0], value[1]);
    }

    private static String ratio(double[] value, double[] raw) {
        return value == null || raw == null ? "-" : String.format("%.2f (%.2f)", value[0] / raw[0], value[2] / raw[2]);
    }
}
