package satchel.session;

import satchel.store.User;
import satchel.store.UserMail;

/** The logged-in user and their mail. What the client enabled is the session's {@link satchel.wire.Settings}. */
public record UserContext(User user, UserMail mail) {}
