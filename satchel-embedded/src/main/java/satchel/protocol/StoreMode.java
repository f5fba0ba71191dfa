package satchel.protocol;

/** STORE's FLAGS / +FLAGS / -FLAGS (RFC 3501 §6.4.6). */
public enum StoreMode { REPLACE, ADD, REMOVE }
