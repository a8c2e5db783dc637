package io.healthkey.backend.domain.index;

/** What the index can say about an access query: yes, no, or "ask the chain". */
public enum IndexAnswer { ALLOW, DENY, ASK_CHAIN }
