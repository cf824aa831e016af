/** Sends the browser to another site (Microsoft's sign-in); a seam tests can replace. */
export const browser = {
  leaveTo(url: string): void {
    window.location.assign(url);
  },
};
