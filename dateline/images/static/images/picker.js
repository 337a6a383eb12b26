// The media library's picker (admin/images/libraryimage/picker.html), in the window the
// body editor opened (static/images/body_pictures.js): "Insert" hands the chosen picture's
// markup to the editor, which places it where the writer's cursor is, and closes this
// window. Opened any other way, there is no editor to send it to: the buttons say so.

const MESSAGE = "dateline:body-picture"

if (!window.opener) {
  for (const button of document.querySelectorAll("button[data-figure]")) {
    button.disabled = true
    button.title = "Open the picker from a story's body editor to insert a picture."
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-figure]")
  if (!button || !window.opener) return
  window.opener.postMessage({ type: MESSAGE, html: button.dataset.figure }, window.location.origin)
  window.close()
})
