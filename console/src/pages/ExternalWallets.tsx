export default function ExternalWallets() {
  return <p>ExternalWallets</p>;
}
