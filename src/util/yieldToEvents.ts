/**
 * A macrotask yield without setTimeout's 4 ms clamp: resolves in a new task, behind any message
 * already queued, so that a worker looping in slices receives pause, stop or newer requests in
 * between. One channel serves every caller.
 */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function yieldToEvents(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}
