export default function Whitelist() {
  return <p>Whitelist</p>;
}
