exports.handler = async function (event) {
  const body = event.request.body;
  await fetch('https://ops.example.org/hook', { method: 'POST', body: JSON.stringify(body) });
};
