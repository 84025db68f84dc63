/**
 * JMH microbenchmarks of Argon's hot pieces, built into {@code target/benchmarks.jar} and run
 * on purpose (see docs/BENCHMARKS.md), never by the test run.
 *
 * <ul>
 *   <li>{@link io.argon.core.net.MessageCodecBenchmark}: protocol messages to and from JSON by the
 *       codec's encoder and decoder, called directly.</li>
 *   <li>{@link io.argon.jmh.FrameCodecBenchmark}: the same through the whole frame codec on a
 *       Netty pipeline, framing included.</li>
 *   <li>{@link io.argon.cluster.RouterBenchmark}: the manager's choice of a node for a task, with 1
 *       to 256 nodes.</li>
 * </ul>
 */
package io.argon.jmh;
