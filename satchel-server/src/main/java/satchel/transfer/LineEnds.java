package satchel.transfer;

import java.io.ByteArrayOutputStream;

/**
 * Maildir and mbox files keep lines ending in LF (Dovecot, mutt and mbsync all write them so); IMAP and the store
 * use CRLF (RFC 5322 §2.1). Bare CRs are left alone both ways.
 */
final class LineEnds {
    private LineEnds() {}

    /** Every LF not already preceded by CR gets one. */
    static byte[] toCrlf(byte[] in) {
        int bare = 0;
        for (int i = 0; i < in.length; i++) if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) bare++;
        if (bare == 0) return in;
        byte[] out = new byte[in.length + bare];
        int o = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) out[o++] = '\r';
            out[o++] = in[i];
        }
        return out;
    }

    /** Every CRLF becomes LF. */
    static byte[] toLf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\r' && i + 1 < in.length && in[i + 1] == '\n') continue;
            out.write(in[i]);
        }
        return out.toByteArray();
    }
}
