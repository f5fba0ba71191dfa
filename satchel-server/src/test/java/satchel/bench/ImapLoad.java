package satchel.bench;

/**
 * Load and benchmark tool for any IMAP server on loopback. Each subcommand runs a bounded workload, prints a
 * result block with units and exits. Run through {@code bench/run.sh SUBCOMMAND --option value ...}.
 */
public final class ImapLoad {
    private static final String USAGE = """
        usage: ImapLoad SUBCOMMAND [--host 127.0.0.1] [--port 143] [--user U | --users U1,U2] [--pass P] ...
          login-rate   [--clients 4] [--seconds 10]
          idle-conns   --count 5000 --pid SERVER_PID [--idle] [--select]
          idle-latency --count 10000 [--users user1] [--pid SERVER_PID] [--append-port N] [--rounds 1] [--pause-ms 2000]
          append       [--clients 4] [--messages 2000] [--mailbox INBOX] [--batch 1]
          populate     [--messages 100000] [--mailbox bench] [--batch 200]
          append-load  [--clients 4] [--messages 2000] [--mode multi|pipelined] [--batch 10] [--pid SERVER_PID] [--search]
          fetch        [--mailbox bench] [--bodies 1000] [--sessions 10 --pid SERVER_PID]
          body-latency [--mailbox bench] [--bodies 1000] [--random] [--bulk-first] [--rounds 1] [--pid SERVER_PID]
          big-mailbox  [--mailbox INBOX] [--word xylophone]
          mixed        [--clients 50] [--seconds 30] [--warmup 5]
          compress     [--mailbox bench] [--messages 2000]
          sort         [--mailbox bench] [--mbox FILE] [--dump DIR]
          login-flood  [--clients 100] [--probes 10] [--seconds 30] [--attacker 127.0.0.2]
          context-latency [--mailbox bench] [--rounds 50] [--no-context]
          notify-latency [--count 300] [--selected]
          notify-memory  [--sessions 50] [--mailboxes 1000] --pid SERVER_PID
        """;

    private ImapLoad() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Args a = Args.parse(argv, 1);
        switch (argv[0]) {
            case "login-rate" -> LoginRate.run(a);
            case "idle-conns" -> IdleBench.conns(a);
            case "idle-latency" -> IdleBench.latency(a);
            case "append" -> AppendBench.append(a);
            case "populate" -> AppendBench.populate(a);
            case "append-load" -> AppendLoad.run(a);
            case "fetch" -> FetchBench.run(a);
            case "body-latency" -> BodyLatency.run(a);
            case "big-mailbox" -> BigMailbox.run(a);
            case "mixed" -> MixedLoad.run(a);
            case "compress" -> CompressBench.run(a);
            case "sort" -> SortBench.run(a);
            case "login-flood" -> LoginFlood.run(a);
            case "context-latency" -> ContextBench.run(a);
            case "notify-latency" -> NotifyBench.latency(a);
            case "notify-memory" -> NotifyBench.memory(a);
            default -> {
                System.err.print(USAGE);
                System.exit(2);
            }
        }
        System.exit(0);  // daemon threads and lingering sockets must not keep the tool alive
    }
}
