/**
 * JMH micro-benchmarks of the costs under an attach, on the real kernel in throwaway
 * namespaces: a namespace task round trip against a raw {@code setns} pair, a netlink request
 * and its acknowledgement, a dump of 1000 links, and message encoding and decoding. {@link
 * io.netmodel.bench.micro.Micro} is the command; the benchmark classes are public because JMH
 * generates code that extends them, and are not an API. Each benchmark's state belongs to the
 * JMH thread that runs it.
 */
package io.netmodel.bench.micro;
