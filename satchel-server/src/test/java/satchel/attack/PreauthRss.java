package satchel.attack;

import java.io.IOException;

/**
 * Not an attack but the figure issue 10 asks for: RSS per admitted idle connection before login. Opens
 * preauthConns connections (perAddress from each address, so per-address limits don't refuse them), reads each
 * greeting, holds them, and divides the growth of RSS (PSS summed over the process tree for a forking server) by the number greeted OK.
 */
record PreauthRss() implements Attack {
    @Override public String name() { return "rss-preauth-idle"; }
    @Override public String what() { return "measurement: server RSS per admitted idle pre-auth connection"; }
    @Override public boolean measurement() { return true; }

    @Override public String run(Ctx ctx) {
        long pid = ctx.target().pid();
        if (pid <= 0) return "skipped: no server pid given";
        ctx.sleep(1500);
        long before = Sampler.memoryKb(pid);
        int n = ctx.sizes().preauthConns();
        int per = ctx.sizes().perAddress();
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < n && ctx.timeLeft(); i++) {
            try {
                Wire w = ctx.open(i / per, false, 0);
                w.timeout(5000);
                if (w.line().startsWith("* OK")) admitted++;
                else {
                    refused++;
                    w.close();
                }
            } catch (IOException e) {
                refused++;
            }
        }
        ctx.sleep(3000);
        long after = Sampler.memoryKb(pid);
        ctx.hold();
        long per1 = admitted == 0 ? -1 : (after - before) / admitted;
        return admitted + "/" + n + " admitted (" + refused + " refused); RSS " + before / 1024 + " -> " + after / 1024
                + " MB: " + per1 + " KB per admitted connection";
    }
}
