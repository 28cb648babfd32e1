"""Chat channels: the due-list digest and urgent flags posted to WeCom, DingTalk, Feishu,
Slack or Teams through their incoming webhooks.

- `platforms`: each platform's request format, signature and the meaning of its answer;
- `store`: channels as the database keeps them (secrets only there, masked elsewhere);
- `outbox`: urgent messages written with the action item that caused them, and their state;
- `messages`: what a message says, in the channel's language and detail;
- `posting`: HTTP through httpx (timeouts, proxies from the environment, Retry-After);
- `delivery`: the use cases: the digest, the outbox's urgent messages, a test message.
"""
