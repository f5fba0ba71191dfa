package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.RecentContract;
import satchel.store.MailStore;

class PostgresRecentTest extends RecentContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }

    /** Its APPENDs are batched statements; its claim stays a statement of its own (see SqlUserMail#appendClaiming). */
    @Override
    protected boolean claimsInAppend() {
        return false;
    }
}
