import { isLoopbackAddress } from '../../../bot/server/loopback';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(['10.0.0.1', '192.168.1.5', '::ffff:10.1.2.3', '2001:db8::1', '', undefined, '128.0.0.1'])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
