package satchel.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Streaming, bounded reader of client bytes for one connection (RFC 9051 §9 tokens). Blocks on the underlying
 * stream; never buffers more than the current {@link Limits} allow. Not thread-safe: the connection thread only.
 *
 * <p>A command is read between {@link #beginCommand} and {@link #crlf}. Every byte of it is charged to the
 * limits in force: line bytes (CRLF and literal headers included, literal payloads not), literal bytes (the
 * sum over the command; APPEND messages against {@code appendBytes}, other literals against
 * {@code literalBytes}) and nesting depth ({@link #enter}). Token methods peek before they consume, so after a
 * {@link ProtocolException.Kind#BAD} the offending byte is still unread and {@link #skipLine} finds the line end.
 * At end of stream inside a command the token methods throw {@link EOFException}.
 */
public final class ImapReader {
    /** Told the size of a synchronising literal before its payload is read, so the session can send "+". */
    @FunctionalInterface
    public interface Continuation {
        void ready(long size) throws IOException;
    }

    private static final Continuation NO_CONTINUATION = size -> {};

    private final InputBuffer in;
    private final LineTail tail = new LineTail();
    private Limits limits = Limits.BEFORE_LOGIN;
    private Settings settings = Settings.IMAP4REV1;
    private java.util.function.Supplier<ProtocolException> refusal; // asked at the first synchronising literal
    private Continuation continuation = NO_CONTINUATION;
    private LiteralSpool spool = LiteralSpool.inMemory();
    private final java.util.List<Literal> literals = new java.util.ArrayList<>(); // this command's; guarded by itself
    private int lineUsed;
    private long literalUsed, appendUsed, appendInMemory;
    private int depth;
    private int lineAllowance;
    private long literalAllowance;
    private String tag, command;
    private boolean lineEnded;

    public ImapReader(InputStream in) {
        this.in = new InputBuffer(in);
    }

    public void setLimits(Limits limits) {
        this.limits = java.util.Objects.requireNonNull(limits);
    }

    public Limits limits() {
        return limits;
    }

    /** What the session has enabled: it decides how mailbox names and APPEND data are read. */
    public void setSettings(Settings settings) {
        this.settings = java.util.Objects.requireNonNull(settings);
    }

    public Settings settings() {
        return settings;
    }

    /** Where APPEND messages beyond {@link LiteralSpool#MEMORY_BYTES} per command are kept while they arrive. */
    public void setSpool(LiteralSpool spool) {
        this.spool = java.util.Objects.requireNonNull(spool);
    }

    /**
     * Deletes the spool files of the command read last (its handler has run, or it failed); called when the next
     * command starts and when the connection ends (any thread).
     */
    public void discardLiterals() {
        synchronized (literals) {
            for (Literal l : literals) l.close();
            literals.clear();
        }
    }

    /**
     * Makes the next synchronising literal of this command fail with the exception {@code refusal} gives instead
     * of being asked for (RFC 3501 §7.5: the server may answer NO instead of "+"); a non-synchronising one is read
     * as usual. {@code refusal} is asked only when a synchronising literal comes, and once (null: no refusal), so a
     * command sent with LITERAL+ never needs it (issue 11: APPEND's mailbox lookup before "+" is then skipped, the
     * handler's own lookup is enough).
     */
    public void refuseSynchronizingLiteral(java.util.function.Supplier<ProtocolException> refusal) {
        this.refusal = refusal;
    }

    /**
     * Starts a command: resets the per-command budgets and remembers whom to tell before a synchronising
     * literal (null for nobody). False at a clean end of stream.
     */
    public boolean beginCommand(Continuation continuation) throws IOException {
        discardLiterals();
        this.continuation = continuation == null ? NO_CONTINUATION : continuation;
        refusal = null;
        lineUsed = 0;
        literalUsed = appendUsed = appendInMemory = 0;
        depth = 0;
        lineAllowance = 0;
        literalAllowance = 0;
        tag = command = null;
        lineEnded = false;
        tail.clear();
        return in.peek() >= 0;
    }

    /** The tag of the command being read, null before {@link #tag()}; carried by every exception thrown. */
    public String currentTag() { return tag; }

    /**
     * Widens the line and literal budgets for the rest of this command only, for a command whose own grammar
     * bounds it more tightly than the state's budgets would (RFC 2971 ID, whose maxima exceed the budgets before
     * login). The parser must then enforce that grammar's bounds itself.
     */
    public void widenCommand(int lineBytes, long literalBytes) {
        lineAllowance = lineBytes;
        literalAllowance = literalBytes;
    }

    /** Names the command being read, for error messages such as "Missing argument to SELECT". */
    public void command(String name) { command = name; }

    // ---- bytes

    /** The next byte without consuming it. */
    public int peek() throws IOException {
        int c = in.peek();
        if (c < 0) throw new EOFException("End of stream inside a command");
        return c;
    }

    /** Consumes and returns the next byte, charged to the line. */
    public int next() throws IOException, ProtocolException {
        int c = peek();
        if (lineUsed >= limits.lineBytes() + lineAllowance) throw bad("Line too long");
        lineUsed++;
        in.advance();
        tail.add(c);
        return c;
    }

    /** Consumes {@code c} if it is next. */
    public boolean accept(int c) throws IOException, ProtocolException {
        if (peek() != c) return false;
        next();
        return true;
    }

    public void expect(int c, String what) throws IOException, ProtocolException {
        if (accept(c)) return;
        if (c == ')' && atLineEnd()) throw bad("Missing ')'" + in());
        throw expected(what);
    }

    /** Zero or more ASCII bytes matching {@code p}. */
    public String readWhile(IntPredicate p) throws IOException, ProtocolException {
        StringBuilder b = new StringBuilder();
        while (p.test(peek())) b.append((char) next());
        return b.toString();
    }

    public boolean atLineEnd() throws IOException {
        int c = peek();
        return c == '\r' || c == '\n';
    }

    // ---- RFC 9051 §9 rules

    /** tag = 1*&lt;any ASTRING-CHAR except "+"&gt; */
    public String tag() throws IOException, ProtocolException {
        String t = readWhile(c -> Atoms.isAtomChar(c) && c != '+' || c == ']');
        if (t.isEmpty()) throw expected("tag");
        tag = t;
        return t;
    }

    public String atom() throws IOException, ProtocolException {
        String a = readWhile(Atoms::isAtomChar);
        if (a.isEmpty()) throw expected("atom");
        return a;
    }

    public void sp() throws IOException, ProtocolException {
        expect(' ', "SP");
    }

    /** CRLF ending the command; a bare LF is accepted too (hand-typed sessions). */
    public void crlf() throws IOException, ProtocolException {
        if (peek() == '\r') next();
        if (peek() != '\n') {
            throw bad(peek() == ' ' && command != null ? "Too many arguments to " + command
                    : "Expected end of line" + in());
        }
        next();
        lineEnded = true;
    }

    /** number: unsigned 32-bit. */
    public long number() throws IOException, ProtocolException {
        return digits(0xFFFF_FFFFL, "number");
    }

    public long nzNumber() throws IOException, ProtocolException {
        long n = number();
        if (n == 0) throw bad("Zero is not allowed here" + in());
        return n;
    }

    /** number64 (RFC 9051), also mod-sequence-value (RFC 7162): up to 2^63-1. */
    public long number64() throws IOException, ProtocolException {
        return digits(Long.MAX_VALUE, "number");
    }

    private long digits(long max, String what) throws IOException, ProtocolException {
        if (!isDigit(peek())) throw expected(what);
        long n = 0;
        while (isDigit(peek())) {
            int d = next() - '0';
            if (n > (max - d) / 10) throw bad("Number too large" + in());
            n = n * 10 + d;
        }
        return n;
    }

    public String astring() throws IOException, ProtocolException {
        return utf8(astringBytes());
    }

    /** astring = 1*ASTRING-CHAR / string, as bytes (for SEARCH's CHARSET). */
    public byte[] astringBytes() throws IOException, ProtocolException {
        int c = peek();
        if (c == '"' || c == '{') return stringBytes();
        String a = readWhile(x -> Atoms.isAtomChar(x) || x == ']');
        if (a.isEmpty()) throw expected("string");
        return a.getBytes(StandardCharsets.US_ASCII);
    }

    public String string() throws IOException, ProtocolException {
        return utf8(stringBytes());
    }

    /** string = quoted / literal */
    public byte[] stringBytes() throws IOException, ProtocolException {
        int c = peek();
        if (c == '"') return quoted();
        if (c == '{') return literal(false);
        throw expected("string");
    }

    /** nstring = string / "NIL"; null for NIL. */
    public String nstring() throws IOException, ProtocolException {
        int c = peek();
        if (c != 'N' && c != 'n') return string();
        if (!atom().equalsIgnoreCase("NIL")) throw expected("string or NIL");
        return null;
    }

    private byte[] quoted() throws IOException, ProtocolException {
        expect('"', "quoted string");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = peek();
            if (c == '\r' || c == '\n' || c == 0) throw bad("Invalid character in quoted string");
            next();
            if (c == '"') return b.toByteArray();
            if (c == '\\') {
                c = peek();
                if (c != '"' && c != '\\') throw bad("Invalid escape in quoted string");
                next();
            }
            b.write(c);
        }
    }

    /**
     * append-data: literal, or literal8 "~{n}" (RFC 3516); charged to {@code appendBytes}. Kept in memory up to
     * {@link LiteralSpool#MEMORY_BYTES} per command, beyond that while the spool's shared memory has room
     * ({@link LiteralSpool#hold}), else spooled; the literal is closed (a spool file deleted)
     * when the next command starts, or earlier by the handler. A spool that cannot take it gives REFUSED
     * [UNAVAILABLE] once the literal and the rest of the line have been read.
     */
    public Literal appendData() throws IOException, ProtocolException {
        accept('~');
        if (peek() != '{') throw expected("literal");
        long n = literalHeader(true);
        Literal data;
        if (spool.spools() && appendInMemory + n > LiteralSpool.MEMORY_BYTES) {
            try {
                Literal held = spool.hold(in, n);
                data = held != null ? held : spool.receive(in, n);
            } catch (LiteralSpool.Unavailable e) {
                tail.clear();
                skipLine();
                throw new ProtocolException(ProtocolException.Kind.REFUSED, tag,
                        "Cannot take the message now: " + e.getMessage(), "UNAVAILABLE");
            }
        } else {
            appendInMemory += n;
            data = new Literal.InMemory(in.read((int) n));
        }
        synchronized (literals) {
            literals.add(data);
        }
        tail.clear();
        return data;
    }

    /** literal8 = "~{" number64 ["+"] "}" CRLF *OCTET (RFC 3516, RFC 5464 values), charged like any literal. */
    public byte[] literal8() throws IOException, ProtocolException {
        expect('~', "literal8");
        return literal(false);
    }

    /** "{" number64 ["+"] "}" CRLF, then the payload once it is known to fit (RFC 3501 §4.3, RFC 7888). */
    private byte[] literal(boolean append) throws IOException, ProtocolException {
        long n = literalHeader(append);
        byte[] data = in.read((int) n);
        tail.clear();
        return data;
    }

    /** Reads "{" number64 ["+"] "}" CRLF, checks the size against the budgets and asks for the payload. */
    private long literalHeader(boolean append) throws IOException, ProtocolException {
        expect('{', "literal");
        long n = digits(Long.MAX_VALUE, "literal size");
        boolean sync = !accept('+');
        expect('}', "'}'");
        if (peek() == '\r') next();
        expect('\n', "CRLF after literal size");
        long used = append ? appendUsed : literalUsed;
        long max = Math.min(append ? limits.appendBytes() : limits.literalBytes() + literalAllowance,
                Integer.MAX_VALUE - 16);
        if (n > max - used || !sync && n > limits.nonSyncLiteralBytes()) {
            lineEnded = true;
            // A refused synchronising literal never arrives; a non-synchronising one is already on its way.
            if (sync) throw new ProtocolException(ProtocolException.Kind.TOO_BIG, tag, "Literal too big");
            throw new ProtocolException(ProtocolException.Kind.FATAL, tag, "Non-synchronizing literal too big");
        }
        if (sync && refusal != null) {
            ProtocolException refused = refusal.get();
            refusal = refused == null ? null : () -> refused;
            if (refused != null) {
                lineEnded = true;
                throw refused;
            }
        }
        if (append) appendUsed += n;
        else literalUsed += n;
        if (sync) continuation.ready(n);
        return n;
    }

    // ---- nesting

    /** Enters a parenthesised list or a recursive rule (SEARCH NOT/OR), bounded by {@code listDepth}. */
    public void enter() throws ProtocolException {
        if (++depth > limits.listDepth()) throw bad("Too deeply nested" + in());
    }

    public void leave() {
        depth--;
    }

    // ---- errors and recovery

    public ProtocolException bad(String message) {
        return new ProtocolException(ProtocolException.Kind.BAD, tag, message);
    }

    /** A BAD saying {@code what} was expected next; "Missing ..." when the line ends there. */
    public ProtocolException expected(String what) throws IOException {
        int c = peek();
        if (c == '\r' || c == '\n') {
            if (tag == null) return bad("Missing tag");
            return bad(command == null ? "Missing command" : "Missing argument to " + command);
        }
        if (c >= 0x80) return bad("Unexpected 8-bit character" + in());
        return bad("Invalid " + what + in());
    }

    private String in() {
        return command == null ? "" : " in " + command;
    }

    /**
     * Discards the rest of the current line after a BAD so the next command starts in step. A line ending in a
     * non-synchronising literal announcement continues after that literal, whose bytes are skipped (FATAL if
     * over the limits); one ending in a synchronising announcement ends there, as the client waits for a "+"
     * that never comes. A line more than twice {@code lineBytes} long is FATAL (BYE) before its end is reached.
     */
    public void skipLine() throws IOException, ProtocolException {
        long skipped = lineUsed;
        while (!lineEnded) {
            int c = in.peek();
            if (c < 0) return;
            in.advance();
            if (c != '\n') {
                // Issue 10: a line twice over its budget is hostile, not a mistake: don't read its 100 MB (or the
                // gigabytes a DEFLATE bomb inflates to) just to say BAD.
                if (++skipped > 2L * ((long) limits.lineBytes() + lineAllowance)) {
                    lineEnded = true;
                    throw new ProtocolException(ProtocolException.Kind.FATAL, tag, "Line too long");
                }
                tail.add(c);
                continue;
            }
            long n = tail.nonSyncLiteral();
            if (n < 0) {
                lineEnded = true;
            } else if (n > Math.max(limits.literalBytes(), limits.appendBytes()) || n > limits.nonSyncLiteralBytes()) {
                throw new ProtocolException(ProtocolException.Kind.FATAL, tag, "Non-synchronizing literal too big");
            } else {
                in.skip(n);
                tail.clear();
            }
        }
    }

    /**
     * One whole line without its CRLF (AUTHENTICATE responses, IDLE's DONE), bounded by {@code lineBytes};
     * null at end of stream. Bytes after the line stay buffered for the next command. An over-long line is
     * skipped and reported as BAD.
     */
    public String readLine() throws IOException, ProtocolException {
        if (in.peek() < 0) return null;
        lineUsed = 0;
        lineEnded = false;
        tail.clear();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            while (peek() != '\n') b.write(next());
            next();
        } catch (ProtocolException e) {
            skipLine();
            throw e;
        }
        lineEnded = true;
        byte[] line = b.toByteArray();
        int len = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Whether the client has already sent more (buffered here, or waiting in the stream): the session then reads the
     * next command before answering pipelined APPENDs, knowing the read will not wait for the client.
     */
    public boolean ready() throws IOException {
        return in.ready();
    }

    /** Bytes received but not yet consumed (STARTTLS must find none, CVE-2011-0411). */
    public int buffered() {
        return in.buffered();
    }

    /** Bytes taken from the underlying stream(s) so far, consumed or still {@link #buffered}. */
    public long bytesRead() {
        return in.received();
    }

    /**
     * Reads from {@code next} from now on (after STARTTLS or COMPRESS) and drops whatever was buffered from
     * the old stream; returns how many bytes were dropped.
     */
    public int replaceInput(InputStream next) {
        return in.replace(next);
    }

    private String utf8(byte[] b) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw bad("Invalid UTF-8" + in());
        }
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
